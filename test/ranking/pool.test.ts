import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createRankPool, type RankPool } from '../../src/ranking/pool.ts'
import { risFile } from '../helpers/ris.ts'
import { reviewTeam } from '../helpers/team.ts'

let pool: RankPool | undefined
afterEach(async () => {
  await pool?.close()
  pool = undefined
})

async function votedTeam() {
  const team = await reviewTeam()
  await team.upload(
    'Scopus',
    risFile(
      Array.from({ length: 12 }, (_, i) => ({
        title: i % 2 ? `Soil erosion survey ${i}` : `Default options nudge trial ${i}`,
        abstract: i % 2 ? 'Sediment and clay in catchments.' : 'Choice architecture for citizens.',
        year: 2010 + i,
      }))
    )
  )
  const [nudge, soil] = await team.recordIds()
  await team.leadClient.post(`${team.base}/settings/ranking`, { ranking: 'off' })
  await team.vote(team.a, nudge!, 'include')
  await team.vote(team.a, soil!, 'exclude')
  return team
}

describe('the ranking worker thread', () => {
  it('reads the database itself, trains and orders the reviewer’s waiting records', async () => {
    const team = await votedTeam()
    pool = createRankPool({ idleMs: 1_000 })
    const result = await pool.rank({ db: team.db.options, projectId: team.project.id, userId: team.ann.id }) // prettier-ignore
    expect(result).toMatchObject({ trained: true, labelled: 2, includes: 1, rebuilt: true })
    expect(result.order).toHaveLength(10)
    const ids = await team.recordIds()
    // Nudge records have the even positions of the import (odd ids after the first two).
    const nudges = new Set(ids.filter((_, i) => i % 2 === 0))
    expect(result.order.slice(0, 5).every((id) => nudges.has(id))).toBe(true)
    // The vectors are kept: the second call reuses them.
    const again = await pool.rank({ db: team.db.options, projectId: team.project.id, userId: team.ann.id }) // prettier-ignore
    expect(again.rebuilt).toBe(false)
    expect(again.order).toEqual(result.order)
  })

  it('fails a request with the worker’s error and still answers the next one', async () => {
    const team = await votedTeam()
    const dir = mkdtempSync(join(tmpdir(), 'winnow-pool-'))
    const notWinnow = join(dir, 'empty.db')
    writeFileSync(notWinnow, '')
    pool = createRankPool({ idleMs: 1_000 })
    await expect(
      pool.rank({ db: { url: `file:${notWinnow}` }, projectId: 1, userId: 1 })
    ).rejects.toThrow(/ranking worker: [^]*no such table/)
    const ok = await pool.rank({ db: team.db.options, projectId: team.project.id, userId: team.ann.id }) // prettier-ignore
    expect(ok.trained).toBe(true)
  })

  it('fails what is in flight when the pool is closed, and starts afresh after', async () => {
    const team = await votedTeam()
    pool = createRankPool({ idleMs: 1_000 })
    const request = { db: team.db.options, projectId: team.project.id, userId: team.ann.id }
    const inFlight = pool.rank(request)
    await pool.close()
    await expect(inFlight).rejects.toThrow(/closed|stopped/)
    expect((await pool.rank(request)).trained).toBe(true)
  })
})
