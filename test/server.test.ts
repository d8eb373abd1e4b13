import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from './helpers/server.ts'

let server: RunningServer | undefined
let dir: string | undefined
afterEach(async () => {
  await server?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('winnow serve', () => {
  it('creates and migrates a new database on start and answers / within seconds', async () => {
    dir = mkdtempSync(join(tmpdir(), 'winnow-serve-'))
    const dbPath = join(dir, 'nested', 'winnow.db')
    server = await startServer({ DATABASE_URL: `file:${dbPath}` })
    expect(server.startupMs).toBeLessThan(15_000)
    expect(existsSync(dbPath)).toBe(true)
    const res = await fetch(`${server.url}/`, { redirect: 'manual' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/setup')
    const setup = await fetch(`${server.url}/setup`)
    expect(await setup.text()).toContain('Create the first account')
  })

  it('stops cleanly on SIGTERM', async () => {
    dir = mkdtempSync(join(tmpdir(), 'winnow-serve-'))
    server = await startServer({ DATABASE_URL: `file:${join(dir, 'w.db')}` })
    const exited = new Promise<number | null>((r) => server!.child.once('exit', (code) => r(code)))
    server.child.kill('SIGTERM')
    expect(await exited).toBe(0)
  })
})
