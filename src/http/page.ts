import type { Context } from 'hono'
import type { LayoutProps, ProjectTab } from '../views/layout.tsx'
import { takeFlash } from './flash.ts'
import type { AppEnv } from './types.ts'

/** What every full page's layout needs from the request: who, the flash, the project tabs. */
export function chrome(c: Context<AppEnv>, title: string, tab?: ProjectTab): LayoutProps {
  return {
    title,
    user: c.var.user,
    flash: takeFlash(c),
    project: tab ? { project: c.var.project, member: c.var.member, tab } : undefined,
  }
}
