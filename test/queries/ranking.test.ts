import { and, asc, eq, isNull } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { queue } from '../../src/db/schema.ts'
import { RANKED_FRONT, reviewerSalt, shuffleKey } from '../../src/queries/order.ts'
import { applyRanking, restoreRandomOrder } from '../../src/queries/ranking.ts'
import { distinctRecords, risFile } from '../helpers/ris.ts'
import { reviewTeam } from '../helpers/team.ts'

async function setup(mode: 'dual' | 'rapid' = 'dual') {
  const team = await reviewTeam()
  await team.leadClient.post(`${team.base}/settings/ranking`, { ranking: 'off' })
  if (mode === 'rapid') {
    await team.leadClient.post(`${team.base}/settings/mode`, {
      screeningMode: 'rapid',
      calibrationPercent: '50',
      kappaThreshold: '0.6',
      fullTextMode: 'dual',
    })
  }
  await team.upload('Scopus', risFile(distinctRecords(12, 'Ranked')))
  const ids = await team.recordIds()
  const keys = async () =>
    team.db.orm
      .select({ id: queue.recordId, key: queue.sortKey })
      .from(queue)
      .where(
        and(eq(queue.userId, team.ann.id), eq(queue.stage, 'title_abstract'), isNull(queue.doneAt))
      )
      .orderBy(asc(queue.sortKey))
  const order = async () => (await keys()).map((k) => k.id)
  const apply = (ranked: number[], front: number) =>
    team.db.write(async (tx) => {
      // The lead's switch is checked inside: on for these calls.
      await tx.run(`UPDATE projects SET ranking_enabled = 1 WHERE id = ${team.project.id}`)
      return applyRanking(
        tx,
        {
          projectId: team.project.id,
          userId: team.ann.id,
          order: ranked,
          expectedRelevant: 1,
          labelled: 2,
          includes: 1,
          ms: 5,
          now: 1,
        },
        front
      )
    })
  return { ...team, ids, keys, order, apply }
}

describe('writing a ranking into a queue', () => {
  it('puts random places behind the front, so a ranking only rewrites the front', async () => {
    const t = await setup()
    const salt = reviewerSalt(t.project.id, t.ann.id)
    const random = [...t.ids].sort((a, b) => shuffleKey(a, salt) - shuffleKey(b, salt))
    expect(await t.order()).toEqual(random)
    for (const { key } of await t.keys()) {
      expect(key - Math.floor(key)).toBeGreaterThanOrEqual(RANKED_FRONT)
    }
  })

  it('moves the top of the ranking to the front, and a new ranking replaces that front', async () => {
    const t = await setup()
    const random = await t.order()
    const first = [...t.ids].reverse()
    expect(await t.apply(first, 3)).toBe(true)
    const after = await t.order()
    expect(after.slice(0, 3)).toEqual(first.slice(0, 3))
    // The rest keep their random order.
    expect(after.slice(3)).toEqual(random.filter((id) => !first.slice(0, 3).includes(id)))
    // A second ranking: its top three in front; the old front goes behind, at its new rank.
    const second = [...t.ids]
    await t.apply(second, 3)
    const again = await t.order()
    expect(again.slice(0, 3)).toEqual(second.slice(0, 3))
    const oldFront = first.slice(0, 3)
    for (const id of oldFront) expect(again.indexOf(id)).toBeGreaterThanOrEqual(3)
    // Whole parts are kept (no calibration in dual mode: all the same).
    const wholes = new Set((await t.keys()).map((k) => Math.floor(k.key)))
    expect(wholes.size).toBe(1)
  })

  it('keeps exactly the new top records in front, in rapid mode’s calibration batch too', async () => {
    const t = await setup('rapid')
    const wholes = new Set((await t.keys()).map((k) => Math.floor(k.key)))
    expect(wholes.size).toBe(2) // the calibration batch, and the rest
    const front = async () =>
      new Set(
        (await t.keys()).filter((k) => k.key - Math.floor(k.key) < RANKED_FRONT).map((k) => k.id)
      )
    await t.apply([...t.ids], 4)
    expect(await front()).toEqual(new Set(t.ids.slice(0, 4)))
    const reversed = [...t.ids].reverse()
    await t.apply(reversed, 4)
    expect(await front()).toEqual(new Set(reversed.slice(0, 4)))
    expect(new Set((await t.keys()).map((k) => Math.floor(k.key)))).toEqual(wholes)
  })

  it('sends a front record the new ranking does not know behind the front, not away', async () => {
    const t = await setup()
    await t.apply([...t.ids], 3)
    const [gone, ...rest] = t.ids
    await t.apply(rest.reverse(), 3)
    const order = await t.order()
    expect(order).toHaveLength(12)
    expect(order.slice(0, 3)).toEqual(rest.slice(0, 3))
    expect(order.indexOf(gone!)).toBeGreaterThanOrEqual(3)
  })

  it('leaves the queue alone when the lead switched ranking off', async () => {
    const t = await setup()
    const before = await t.order()
    await t.db.write((tx) => restoreRandomOrder(tx, t.project.id))
    const done = await t.db.write(async (tx) => {
      await tx.run(`UPDATE projects SET ranking_enabled = 0 WHERE id = ${t.project.id}`)
      return applyRanking(tx, {
        projectId: t.project.id,
        userId: t.ann.id,
        order: [...t.ids].reverse(),
        expectedRelevant: 1,
        labelled: 2,
        includes: 1,
        ms: 5,
        now: 1,
      })
    })
    expect(done).toBe(false)
    expect(await t.order()).toEqual(before)
  })
})
