#!/usr/bin/env node
// The `winnow` command. Winnow runs from its TypeScript sources through tsx, so a fresh
// `npm install` is all it needs: no build step.
import { register } from 'tsx/esm/api'

register()
await import('../src/cli.ts')
