import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDb } from '../../src/db/client.ts'
import { and, eq, isNotNull } from 'drizzle-orm'
import { decisions, queue, records, users } from '../../src/db/schema.ts'
import { cli } from '../helpers/cli.ts'
import { distinctRecords, risFile } from '../helpers/ris.ts'
import { reviewTeam } from '../helpers/team.ts'

describe('winnow backup', () => {
  it('copies the whole database consistently while people go on voting', async () => {
    const team = await reviewTeam()
    await team.upload('Scopus', risFile(distinctRecords(40, 'Backed up')))
    const ids = await team.recordIds()
    const to = join(team.dir, 'backup.db')
    const env = { DATABASE_URL: team.url, DATA_DIR: team.dir }
    // Votes keep arriving while the backup runs.
    const voting = Promise.all(ids.map((id) => team.vote(team.a, id, 'include')))
    const [backup] = await Promise.all([cli(['backup', '--to', to], env), voting])
    expect(backup.code).toBe(0)
    expect(backup.stdout.trim()).toBe(to)
    const copy = openDb({ url: `file:${to}` })
    try {
      const [check] = (await copy.client.execute('PRAGMA integrity_check')).rows
      expect(check?.[0]).toBe('ok')
      expect(await copy.orm.$count(users)).toBe(3)
      expect(await copy.orm.$count(records)).toBe(40)
      // One snapshot: each vote and the queue change written in its transaction are both in
      // the copy, or neither is.
      const votes = await copy.orm.$count(decisions, eq(decisions.userId, team.ann.id))
      const done = await copy.orm.$count(
        queue,
        and(eq(queue.userId, team.ann.id), isNotNull(queue.doneAt))
      )
      expect(done).toBe(votes)
    } finally {
      copy.close()
    }
  })

  it('refuses to overwrite a file, and a libSQL server URL', async () => {
    const team = await reviewTeam()
    const env = { DATABASE_URL: team.url, DATA_DIR: team.dir }
    const to = join(team.dir, 'backup.db')
    expect((await cli(['backup', '--to', to], env)).code).toBe(0)
    const again = await cli(['backup', '--to', to], env)
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('already exists')
    const remote = await cli(['backup', '--to', join(team.dir, 'x.db')], {
      DATABASE_URL: 'libsql://db.example.org',
    })
    expect(remote.code).toBe(1)
    expect(remote.stderr).toContain('libSQL server')
    expect((await cli(['backup'], env)).code).toBe(2)
  })
})
