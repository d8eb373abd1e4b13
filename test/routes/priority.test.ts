import { and, asc, eq, isNull } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditEvents, queue, rankings, records } from '../../src/db/schema.ts'
import { reviewerSalt, shuffleKey } from '../../src/queries/order.ts'
import { visibleLabels } from '../../src/queries/ranking.ts'
import { risFile, twoTopicRecords } from '../helpers/ris.ts'
import { reviewTeam } from '../helpers/team.ts'

const isNudge = (title: string | null) => title?.startsWith('Nudging') === true

async function setup(n = 40) {
  const team = await reviewTeam()
  await team.upload('Scopus', risFile(twoTopicRecords(n)))
  const rows = await team.db.orm
    .select({ id: records.id, title: records.title })
    .from(records)
    .orderBy(asc(records.id))
  const titleOf = new Map(rows.map((r) => [r.id, r.title]))
  /** A reviewer's waiting records in queue order. */
  const queueOf = async (userId: number) =>
    (
      await team.db.orm
        .select({ id: queue.recordId, key: queue.sortKey })
        .from(queue)
        .where(
          and(
            eq(queue.projectId, team.project.id),
            eq(queue.userId, userId),
            eq(queue.stage, 'title_abstract'),
            isNull(queue.doneAt)
          )
        )
        .orderBy(asc(queue.sortKey))
    ).map((r) => r.id)
  const rankingOf = async (userId: number) =>
    (
      await team.db.orm
        .select()
        .from(rankings)
        .where(and(eq(rankings.projectId, team.project.id), eq(rankings.userId, userId)))
    )[0]
  const nudges = rows.filter((r) => isNudge(r.title)).map((r) => r.id)
  const soils = rows.filter((r) => !isNudge(r.title)).map((r) => r.id)
  return { ...team, rows, titleOf, queueOf, rankingOf, nudges, soils }
}

describe('priority screening', () => {
  it('keeps the random order until a reviewer has an include and an exclude', async () => {
    const t = await setup()
    const before = await t.queueOf(t.ann.id)
    const salt = reviewerSalt(t.project.id, t.ann.id)
    expect(before).toEqual([...before].sort((x, y) => shuffleKey(x, salt) - shuffleKey(y, salt)))
    await t.vote(t.a, t.nudges[0]!, 'include')
    await t.jobs.idle()
    expect(await t.rankingOf(t.ann.id)).toBeUndefined()
    expect(await t.queueOf(t.ann.id)).toEqual(before.filter((id) => id !== t.nudges[0]))
    const page = await (await t.a.get(`${t.base}/screen`)).text()
    expect(page).toContain('Random for now. After your first include and first exclude')
  })

  it('puts the records most like the reviewer’s includes first once it can learn', async () => {
    const t = await setup()
    await t.vote(t.a, t.nudges[0]!, 'include')
    await t.vote(t.a, t.soils[0]!, 'exclude')
    await t.jobs.idle()
    const order = await t.queueOf(t.ann.id)
    expect(order).toHaveLength(38)
    // Every waiting nudge record comes before every soil record.
    expect(order.slice(0, 19).every((id) => isNudge(t.titleOf.get(id)!))).toBe(true)
    const ranking = await t.rankingOf(t.ann.id)
    expect(ranking).toMatchObject({ labelled: 2, includes: 1, ranked: 38 })
    // Nineteen nudge records wait; the model's estimate is a count of that order, not of 38.
    expect(ranking!.expectedRelevant).toBeGreaterThan(5)
    expect(ranking!.expectedRelevant).toBeLessThan(30)
    // The screening page shows the next record in that order, and says how it is ordered.
    const page = await (await t.a.get(`${t.base}/screen`)).text()
    expect(page).toContain(t.titleOf.get(order[0]!)!)
    expect(page).toContain('Likely relevant first')
    expect(page).toContain('learnt from 2 decisions (1 relevant)')
    expect(page).toContain('It is an estimate, not a promise.')
    expect(page).toContain('When could you stop?')
    // The reviewer who has not voted keeps their random order.
    expect(await t.rankingOf(t.bob.id)).toBeUndefined()
  })

  it('reorders after each decision, in the background of the htmx answer', async () => {
    const t = await setup()
    await t.vote(t.a, t.nudges[0]!, 'include')
    await t.vote(t.a, t.soils[0]!, 'exclude')
    await t.jobs.idle()
    const res = await t.vote(t.a, t.nudges[1]!, 'include', {}, { 'HX-Request': 'true' })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('id="screen-priority"')
    expect(html).toContain('hx-swap-oob="true"')
    await t.jobs.idle()
    expect(await t.rankingOf(t.ann.id)).toMatchObject({ labelled: 3, includes: 2, ranked: 37 })
  })

  it('learns only from what the reviewer may see: never another reviewer’s open votes', async () => {
    const t = await setup()
    await t.vote(t.a, t.nudges[0]!, 'include')
    await t.vote(t.a, t.soils[0]!, 'exclude')
    await t.jobs.idle()
    const annOrder = await t.queueOf(t.ann.id)
    // Bob votes the other way on records Ann has not seen: they stay open (one vote each).
    for (const id of t.nudges.slice(1, 8)) await t.vote(t.b, id, 'exclude')
    for (const id of t.soils.slice(1, 8)) await t.vote(t.b, id, 'include')
    await t.jobs.idle()
    expect(await visibleLabels(t.db.orm, t.project.id, t.ann.id)).toEqual([
      [t.nudges[0]!, 1],
      [t.soils[0]!, 0],
    ])
    // Ann's model is retrained (the lead switches ranking on again) and orders as before.
    await t.leadClient.post(`${t.base}/settings/ranking`, { ranking: 'on' })
    await t.jobs.idle()
    expect(await t.queueOf(t.ann.id)).toEqual(annOrder)
    expect(await t.rankingOf(t.ann.id)).toMatchObject({ labelled: 2 })
    // Bob's own model learnt his votes: soil first for him.
    expect(isNudge(t.titleOf.get((await t.queueOf(t.bob.id))[0]!)!)).toBe(false)
  })

  it('learns from records the team has settled, over the reviewer’s own vote', async () => {
    const t = await setup()
    await t.vote(t.a, t.nudges[0]!, 'include')
    await t.vote(t.b, t.nudges[0]!, 'include') // settled: included
    await t.vote(t.a, t.soils[0]!, 'include')
    await t.vote(t.b, t.soils[0]!, 'exclude') // conflict: Ann sees only her own vote
    await t.vote(t.b, t.soils[1]!, 'exclude')
    await t.vote(t.a, t.soils[1]!, 'exclude') // settled: excluded
    expect(new Map(await visibleLabels(t.db.orm, t.project.id, t.ann.id))).toEqual(
      new Map([
        [t.nudges[0]!, 1],
        [t.soils[0]!, 1],
        [t.soils[1]!, 0],
      ])
    )
    await t.leadClient.post(`${t.base}/records/${t.soils[0]!}/resolution`, {
      stage: 'title_abstract',
      decision: 'exclude',
      note: 'soil is out of scope',
    })
    await t.jobs.idle()
    const labels = new Map(await visibleLabels(t.db.orm, t.project.id, t.ann.id))
    expect(labels.get(t.soils[0]!)).toBe(0)
    expect(await t.rankingOf(t.ann.id)).toMatchObject({ labelled: 3, includes: 1 })
  })

  it('ranks the records of a later import among the rest', async () => {
    const t = await setup(20)
    await t.vote(t.a, t.nudges[0]!, 'include')
    await t.vote(t.a, t.soils[0]!, 'exclude')
    await t.jobs.idle()
    expect(await t.rankingOf(t.ann.id)).toMatchObject({ ranked: 18 })
    const more = twoTopicRecords(30)
      .slice(20)
      .map((r) => ({ ...r, doi: `${r.doi}.later` }))
    await t.upload('Web of Science', risFile(more))
    await t.jobs.idle()
    expect(await t.rankingOf(t.ann.id)).toMatchObject({ ranked: 28 })
    const order = await t.queueOf(t.ann.id)
    expect(order.slice(0, 14).every((id) => isNudge(t.titleOf.get(id) ?? 'Nudging'))).toBe(true)
  })

  it('lets the lead switch it off: every queue back in its random order, and audited', async () => {
    const t = await setup()
    await t.vote(t.a, t.nudges[0]!, 'include')
    await t.vote(t.a, t.soils[0]!, 'exclude')
    await t.jobs.idle()
    const res = await t.leadClient.post(`${t.base}/settings/ranking`, { ranking: 'off' })
    expect(res.status).toBe(303)
    const salt = reviewerSalt(t.project.id, t.ann.id)
    const order = await t.queueOf(t.ann.id)
    expect(order).toEqual([...order].sort((x, y) => shuffleKey(x, salt) - shuffleKey(y, salt)))
    expect(await t.rankingOf(t.ann.id)).toBeUndefined()
    // A decision while it is off does not reorder anything.
    await t.vote(t.a, t.nudges[1]!, 'include')
    await t.jobs.idle()
    expect(await t.rankingOf(t.ann.id)).toBeUndefined()
    const page = await (await t.a.get(`${t.base}/screen`)).text()
    expect(page).toContain('priority screening is switched off by the lead')
    const settings = await (await t.leadClient.get(`${t.base}/settings`)).text()
    expect(settings).toMatch(/value="off"\s+checked/)
    const events = await t.db.orm
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'settings.ranking'))
    expect(events.map((e) => e.detail)).toEqual([{ ranking: false }])
    // On again: ranked again.
    await t.leadClient.post(`${t.base}/settings/ranking`, { ranking: 'on' })
    await t.jobs.idle()
    expect(await t.rankingOf(t.ann.id)).toMatchObject({ labelled: 3, includes: 2 })
  })

  it.each([{ ranking: 'maybe' }, { ranking: [] as string[] }])(
    'refuses a forged setting %j and changes nothing',
    async (form) => {
      const t = await setup(4)
      const res = await t.leadClient.post(`${t.base}/settings/ranking`, form)
      expect(res.status).toBe(422)
      expect(await res.text()).toContain('Choose likely relevant first or random order.')
      const events = await t.db.orm
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.action, 'settings.ranking'))
      expect(events).toEqual([])
    }
  )

  it('keeps rapid mode’s calibration records first in a ranked queue', async () => {
    const team = await reviewTeam()
    await team.leadClient.post(`${team.base}/settings/mode`, {
      screeningMode: 'rapid',
      calibrationPercent: '25',
      kappaThreshold: '0.6',
      fullTextMode: 'dual',
    })
    await team.upload('Scopus', risFile(twoTopicRecords(40)))
    const keys = async () =>
      team.db.orm
        .select({ id: queue.recordId, key: queue.sortKey })
        .from(queue)
        .where(and(eq(queue.userId, team.ann.id), isNull(queue.doneAt)))
        .orderBy(asc(queue.sortKey))
    const calibration = (await keys()).filter((k) => k.key < 1_000_000).map((k) => k.id)
    expect(calibration).toHaveLength(10)
    const rows = await team.db.orm.select().from(records).orderBy(asc(records.id))
    const nudge = rows.find((r) => calibration.includes(r.id) && isNudge(r.title))
    const soil = rows.find((r) => calibration.includes(r.id) && !isNudge(r.title))
    await team.vote(team.a, nudge!.id, 'include')
    await team.vote(team.a, soil!.id, 'exclude')
    await team.jobs.idle()
    const after = await keys()
    const firstEight = after.slice(0, 8).map((k) => k.id)
    expect(new Set(firstEight)).toEqual(
      new Set(calibration.filter((id) => id !== nudge!.id && id !== soil!.id))
    )
    // Within the calibration batch, and after it, the likely relevant come first.
    const calibrationTitles = firstEight.map((id) => rows.find((r) => r.id === id)!.title)
    const firstSoil = calibrationTitles.findIndex((t) => !isNudge(t))
    expect(calibrationTitles.slice(firstSoil).every((t) => !isNudge(t))).toBe(true)
  })
})
