import { Hono } from 'hono'
import type { AppEnv } from '../http/types.ts'

export const extractionRoutes = new Hono<AppEnv>()
