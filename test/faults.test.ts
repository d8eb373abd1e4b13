import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { and, eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { writeRisFile } from '../bench/gen-ris.ts'
import { openDb } from '../src/db/client.ts'
import { decisions, imports, records, recordStages } from '../src/db/schema.ts'
import { latestBallots, outcome } from '../src/domain/screening.ts'
import { toHistory } from '../src/queries/decisions.ts'
import { STALE_AFTER_MS } from '../src/queries/imports.ts'
import { spawnCli } from './helpers/cli.ts'
import { distinctRecords, risFile } from './helpers/ris.ts'
import { startServer, type RunningServer } from './helpers/server.ts'

/**
 * The server is killed for real (SIGKILL: no cleanup, no graceful shutdown) in the middle of
 * work, then started again on the same database: nothing half-done may remain, and nothing
 * acknowledged may be lost.
 */
let server: RunningServer | undefined
let dir: string | undefined
afterEach(async () => {
  await server?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
  server = undefined
})

const PASSWORD = 'a long passphrase'

async function setupProject() {
  dir = mkdtempSync(join(tmpdir(), 'winnow-faults-'))
  const env = { DATABASE_URL: `file:${join(dir, 'winnow.db')}`, DATA_DIR: dir }
  for (const email of ['lena@example.org', 'ann@example.org', 'bob@example.org']) {
    await spawnCli(
      ['user', 'add', '--email', email, '--name', email, '--password-stdin'],
      env,
      `${PASSWORD}\n`
    )
  }
  const projectId = (
    await spawnCli(['project', 'create', '--name', 'P', '--owner', 'lena@example.org'], env)
  ).stdout.trim()
  for (const email of ['ann@example.org', 'bob@example.org']) {
    await spawnCli(
      ['project', 'add-member', '--project', projectId, '--email', email, '--role', 'reviewer'],
      env
    )
  }
  return { env, projectId, dir }
}

/** Signs in over real HTTP and returns the session cookie. */
async function signIn(url: string, email: string) {
  const res = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: url, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: PASSWORD }),
  })
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('winnow_session='))
  if (!cookie) throw new Error(`sign-in failed: ${res.status}`)
  return cookie.split(';')[0]!
}

describe('a crash in the middle of an import', () => {
  it('leaves no part of the import behind after a restart', async () => {
    const { env, projectId, dir } = await setupProject()
    const file = join(dir, 'big.ris')
    writeRisFile(file, { n: 20_000, seed: 3 })
    server = await startServer(env)
    const cookie = await signIn(server.url, 'lena@example.org')
    const form = new FormData()
    form.append('source', 'Scopus')
    form.append('kind', 'database')
    form.append('files', new Blob([readFileSync(file)]), 'big.ris')
    const res = await fetch(`${server.url}/projects/${projectId}/imports`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: cookie, Origin: server.url },
      body: form,
    })
    expect(res.status).toBe(303)
    // Wait until batches are committed, then pull the plug.
    const db = openDb({ url: env.DATABASE_URL })
    try {
      await expect
        .poll(() => db.orm.$count(records), { timeout: 30_000, interval: 50 })
        .toBeGreaterThan(0)
      server.child.kill('SIGKILL')
      await new Promise((r) => server!.child.once('exit', r))
      const [cut] = await db.orm.select().from(imports)
      expect(cut?.status).toBe('running')
      expect(await db.orm.$count(records)).toBeLessThan(20_000)

      // Restarted, the server (or the next visit) removes the cut-off import once its heartbeat is stale.
      server = await startServer(env)
      await new Promise((r) => setTimeout(r, STALE_AFTER_MS + 500))
      const page = await fetch(`${server.url}/projects/${projectId}/imports/${cut!.id}`, {
        headers: { Cookie: await signIn(server.url, 'lena@example.org') },
      })
      expect(await page.text()).toContain('cut off')
      const [after] = await db.orm.select().from(imports)
      expect(after?.status).toBe('failed')
      expect(await db.orm.$count(records)).toBe(0)
      expect(await db.orm.$count(recordStages)).toBe(0)
    } finally {
      db.close()
    }
  }, 90_000)
})

describe('a crash in the middle of a burst of votes', () => {
  it('keeps every acknowledged vote, and every record’s status agrees with its votes', async () => {
    const { env, projectId, dir } = await setupProject()
    const file = join(dir, 'small.ris')
    const { writeFileSync } = await import('node:fs')
    writeFileSync(file, risFile(distinctRecords(300, 'Burst')))
    expect(
      (await spawnCli(['import', '--project', projectId, '--source', 'S', file], env)).code
    ).toBe(0)
    server = await startServer(env)
    const db = openDb({ url: env.DATABASE_URL })
    try {
      const ids = (await db.orm.select({ id: records.id }).from(records)).map((r) => r.id)
      const cookies = [
        await signIn(server.url, 'ann@example.org'),
        await signIn(server.url, 'bob@example.org'),
      ]
      const acknowledged: { who: number; recordId: number; vote: string }[] = []
      const url = server.url
      const post = async (who: number, recordId: number, vote: string) => {
        try {
          const res = await fetch(`${url}/projects/${projectId}/records/${recordId}/decisions`, {
            method: 'POST',
            redirect: 'manual',
            headers: {
              Cookie: cookies[who]!,
              Origin: url,
              'Content-Type': 'application/x-www-form-urlencoded',
            },
            body: new URLSearchParams({ stage: 'title_abstract', decision: vote }),
          })
          if (res.status === 303) acknowledged.push({ who, recordId, vote })
        } catch {
          // The connection died with the server: not acknowledged, so it may or may not be stored.
        }
      }
      const burst = ids.flatMap((id, i) => [
        post(0, id, i % 3 ? 'include' : 'exclude'),
        post(1, id, i % 4 ? 'include' : 'exclude'),
      ])
      await expect
        .poll(() => acknowledged.length, { timeout: 20_000, interval: 10 })
        .toBeGreaterThan(50)
      server.child.kill('SIGKILL')
      await Promise.all(burst)
      expect(acknowledged.length).toBeLessThan(ids.length * 2)

      server = await startServer(env)
      const stored = await db.orm.select().from(decisions)
      const { users } = await import('../src/db/schema.ts')
      const people = await db.orm.select().from(users)
      const idOf = (email: string) => people.find((p) => p.email === email)!.id
      const userIds = [idOf('ann@example.org'), idOf('bob@example.org')]
      for (const a of acknowledged) {
        expect(
          stored.some(
            (d) => d.recordId === a.recordId && d.userId === userIds[a.who] && d.decision === a.vote
          ),
          `acknowledged vote of ${a.who} on ${a.recordId}`
        ).toBe(true)
      }
      // Every stored status is exactly what the stored votes say.
      const stages = await db.orm
        .select()
        .from(recordStages)
        .where(and(eq(recordStages.stage, 'title_abstract')))
      for (const s of stages) {
        const mine = stored.filter((d) => d.recordId === s.recordId && d.stage === 'title_abstract')
        const expected = outcome(
          'title_abstract',
          latestBallots(mine.map(toHistory)),
          s.votesNeeded === 1 ? 1 : 2
        )
        expect(s.status, `record ${s.recordId}`).toBe(expected.status)
      }
    } finally {
      db.close()
    }
  }, 90_000)
})
