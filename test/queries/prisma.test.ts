import { and, asc, eq, isNull } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import {
  decisions,
  exclusionReasons,
  imports,
  projects,
  records,
  recordStages,
  type Stage,
} from '../../src/db/schema.ts'
import { prismaInvariants } from '../../src/domain/prisma.ts'
import { latestBallots, type Vote } from '../../src/domain/screening.ts'
import { standingBallots } from '../../src/queries/agreement.ts'
import { castVote, resolveConflict, withdrawVote } from '../../src/queries/decisions.ts'
import { prismaFor } from '../../src/queries/prisma.ts'
import { addToProject, makeProject, makeUser, signedIn, testApp } from '../helpers/app.ts'
import { distinctRecords, risFile, type RisFields } from '../helpers/ris.ts'

async function setup(settings: Partial<typeof projects.$inferInsert> = {}) {
  const ctx = await testApp()
  const lead = await makeUser(ctx.db, 'lead@example.org', 'Lena Lead')
  const ann = await makeUser(ctx.db, 'ann@example.org', 'Ann Assistant')
  const bob = await makeUser(ctx.db, 'bob@example.org', 'Bob Second')
  const cy = await makeUser(ctx.db, 'cy@example.org', 'Cy Third')
  const project = await makeProject(ctx.db, lead.id)
  for (const u of [ann, bob]) await addToProject(ctx.db, project.id, u.email, 'reviewer')
  if (Object.keys(settings).length > 0) {
    await ctx.db.write((tx) => tx.update(projects).set(settings).where(eq(projects.id, project.id)))
  }
  const leadClient = await signedIn(ctx.app, lead.email)
  const base = `/projects/${project.id}`
  const upload = async (source: string, kind: 'database' | 'register', rs: RisFields[]) => {
    const res = await leadClient.upload(`${base}/imports`, { source, kind }, [
      { name: `${source}.ris`, content: risFile(rs) },
    ])
    expect(res.status).toBe(303)
    await ctx.jobs.idle()
  }
  const reasons = await ctx.db.orm
    .select()
    .from(exclusionReasons)
    .where(eq(exclusionReasons.projectId, project.id))
    .orderBy(asc(exclusionReasons.position))
  const reason = (label: string) => reasons.find((r) => r.label === label)!.id
  return { ...ctx, lead, ann, bob, cy, project, base, leadClient, upload, reasons, reason }
}

const byTitle = async (ctx: Awaited<ReturnType<typeof setup>>, prefix: string) =>
  (await ctx.db.orm.select().from(records).orderBy(asc(records.id)))
    .filter((r) => r.title?.startsWith(prefix) && r.duplicateOf === null)
    .map((r) => r.id)

describe('prismaFor on a review built through the routes', () => {
  it('counts every box from the data, and the boxes add up', async () => {
    const s = await setup()
    const scopus = distinctRecords(6, 'Scopus')
    await s.upload('Scopus', 'database', [...scopus, { ...scopus[0]!, title: 'Another title' }])
    await s.upload('ClinicalTrials.gov', 'register', [...distinctRecords(1, 'Reg'), scopus[1]!])
    await s.upload('Web of Science', 'database', distinctRecords(2, 'Wos'))
    // A running import's records are not identified yet.
    await s.db.write(async (tx) => {
      const [imp] = await tx
        .insert(imports)
        .values({
          projectId: s.project.id,
          sourceName: 'PsycINFO',
          sourceKind: 'database',
          fileNames: ['p.ris'],
          status: 'running',
          heartbeatAt: s.clock.now,
          createdAt: s.clock.now,
        })
        .returning()
      await tx.insert(records).values({
        projectId: s.project.id,
        importId: imp!.id,
        fileName: 'p.ris',
        position: 1,
        startLine: 1,
        title: 'Still importing',
        authors: [],
        keywords: [],
        raw: [],
      })
    })

    const [s1, s2, s3, s4, s5, s6] = (await byTitle(s, 'Scopus')) as number[]
    const [r1] = (await byTitle(s, 'Reg')) as number[]
    const [w1] = (await byTitle(s, 'Wos')) as number[]
    const a = await signedIn(s.app, s.ann.email)
    const b = await signedIn(s.app, s.bob.email)
    const vote = async (
      client: typeof a,
      id: number,
      decision: string,
      stage: Stage = 'title_abstract',
      reason = ''
    ) => {
      const res = await client.post(`${s.base}/records/${id}/decisions`, {
        stage,
        decision,
        reason,
      })
      expect(res.status).toBe(303)
    }
    const both = async (id: number, x: string, y: string) => {
      await vote(a, id, x)
      await vote(b, id, y)
    }
    await both(s1!, 'include', 'include')
    await both(s2!, 'include', 'maybe')
    await both(s3!, 'maybe', 'maybe')
    await both(s4!, 'include', 'include')
    await both(s5!, 'exclude', 'exclude')
    await both(s6!, 'include', 'exclude')
    await both(w1!, 'exclude', 'exclude')
    await vote(a, r1!, 'exclude') // pending: one vote of two
    const resolved = await s.leadClient.post(`${s.base}/records/${s6}/resolution`, {
      stage: 'title_abstract',
      decision: 'include',
    })
    expect(resolved.status).toBe(303)

    const population = String(s.reason('Wrong population'))
    const design = String(s.reason('Wrong study design'))
    await vote(a, s1!, 'include', 'full_text')
    await vote(b, s1!, 'include', 'full_text')
    await vote(a, s2!, 'exclude', 'full_text', population)
    await vote(b, s2!, 'exclude', 'full_text', population)
    await vote(a, s3!, 'not_retrieved', 'full_text')
    await vote(a, s4!, 'include', 'full_text')
    await vote(b, s4!, 'exclude', 'full_text', design)

    const before = await prismaFor(s.db.orm, s.project.id)
    expect(prismaInvariants(before)).toEqual([])
    expect(before).toEqual({
      identification: {
        databases: { Scopus: 7, 'Web of Science': 2 },
        registers: { 'ClinicalTrials.gov': 2 },
        records_identified: 11,
        duplicates_removed: 2,
        automation_removed: 0,
        other_removed: 0,
      },
      screening: {
        records_screened: 9, // S1–S6, R1, W1, W2
        records_excluded: 2, // S5, W1
        reports_sought: 5, // S1–S4, S6
        reports_not_retrieved: 1, // S3
        reports_assessed: 2, // S1 included, S2 excluded
        reports_excluded: { 'Wrong population': 1 },
      },
      included: { studies: 1, reports: 1 },
      // R1 (one vote) and W2 (none); S4 in conflict and S6 not yet voted at full text.
      pending: { title_abstract: 2, conflicts: 1, full_text: 2 },
    })

    const fullText = await s.leadClient.post(`${s.base}/records/${s4}/resolution`, {
      stage: 'full_text',
      decision: 'exclude',
      reason: design,
    })
    expect(fullText.status).toBe(303)
    const after = await prismaFor(s.db.orm, s.project.id)
    expect(prismaInvariants(after)).toEqual([])
    expect(after.screening.reports_assessed).toBe(3)
    expect(after.screening.reports_excluded).toEqual({
      'Wrong population': 1,
      'Wrong study design': 1,
    })
    expect(after.pending).toEqual({ title_abstract: 2, conflicts: 0, full_text: 1 })
  })

  it('is all zeros, and consistent, for a project with nothing imported', async () => {
    const s = await setup()
    const p = await prismaFor(s.db.orm, s.project.id)
    expect(prismaInvariants(p)).toEqual([])
    expect(p.identification).toMatchObject({ databases: {}, registers: {}, records_identified: 0 })
    expect(p.pending).toEqual({ title_abstract: 0, conflicts: 0, full_text: 0 })
  })
})

/** A small deterministic PRNG (mulberry32), so a failing seed can be replayed. */
function prng(seed: number) {
  let t = seed >>> 0
  return () => {
    t = (t + 0x6d2b79f5) >>> 0
    let x = Math.imul(t ^ (t >>> 15), 1 | t)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

describe('a random review history', () => {
  it.each([
    [1, {}],
    [2, { fullTextMode: 'single' }],
    [3, { screeningMode: 'rapid', calibrationShare: 0.2 }],
    [4, {}],
  ] as const)('seed %i %j: the boxes always add up', async (seed, settings) => {
    const random = prng(seed)
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!
    const s = await setup(settings)
    if (seed % 2 === 0) await addToProject(s.db, s.project.id, s.cy.email, 'reviewer')
    const main = distinctRecords(22, 'Main')
    await s.upload('Scopus', 'database', [...main.slice(0, 18), main[0]!, main[3]!])
    await s.upload('Trials register', 'register', [...main.slice(18), main[5]!, main[7]!])
    const reviewers = [s.lead.id, s.ann.id, s.bob.id, ...(seed % 2 === 0 ? [s.cy.id] : [])]
    const reasonIds = s.reasons.map((r) => r.id)

    const stageIds = async (stage: Stage, status?: string) =>
      (
        await s.db.orm
          .select({ id: recordStages.recordId })
          .from(recordStages)
          .where(
            and(
              eq(recordStages.projectId, s.project.id),
              eq(recordStages.stage, stage),
              status === undefined ? undefined : eq(recordStages.status, status)
            )
          )
      ).map((r) => r.id)

    for (let step = 0; step < 160; step++) {
      s.clock.now += Math.floor(random() * 3) // ties within a millisecond happen
      const now = s.clock.now
      const userId = pick(reviewers)
      const roll = random()
      await s.db.write(async (tx) => {
        const common = { projectId: s.project.id, userId, note: '', now }
        if (roll < 0.55) {
          const ids = await stageIds('title_abstract')
          const vote = pick(['include', 'exclude', 'maybe'] as const)
          await castVote(tx, {
            ...common,
            recordId: pick(ids),
            stage: 'title_abstract',
            vote,
            reasonId: null,
          })
        } else if (roll < 0.65) {
          const stage = pick(['title_abstract', 'full_text'] as const)
          const ids = await stageIds(stage)
          if (ids.length === 0) return
          await withdrawVote(tx, { ...common, recordId: pick(ids), stage })
        } else if (roll < 0.85) {
          const ids = await stageIds('full_text')
          if (ids.length === 0) return
          const vote: Vote = pick(['include', 'exclude', 'exclude', 'not_retrieved'])
          const reasonId = vote === 'exclude' ? pick(reasonIds.slice(0, 3)) : null
          await castVote(tx, { ...common, recordId: pick(ids), stage: 'full_text', vote, reasonId })
        } else {
          const stage = pick(['title_abstract', 'full_text'] as const)
          const ids = await stageIds(stage, 'conflict')
          if (ids.length === 0) return
          const vote: Vote = pick(
            stage === 'full_text' ? ['include', 'exclude', 'not_retrieved'] : ['include', 'exclude']
          )
          const reasonId = stage === 'full_text' && vote === 'exclude' ? pick(reasonIds) : null
          await resolveConflict(tx, {
            ...common,
            userId: s.lead.id,
            recordId: pick(ids),
            stage,
            vote,
            reasonId,
          })
        }
      })
      if (step % 20 === 19) {
        const p = await prismaFor(s.db.orm, s.project.id)
        expect(prismaInvariants(p), `seed ${seed}, step ${step}`).toEqual([])
      }
    }

    const p = await prismaFor(s.db.orm, s.project.id)
    expect(prismaInvariants(p)).toEqual([])
    // Identification, counted independently of record_stages.
    expect(p.identification.databases).toEqual({ Scopus: 20 })
    expect(p.identification.registers).toEqual({ 'Trials register': 6 })
    expect(p.identification.duplicates_removed).toBe(4)
    expect(p.screening.records_screened).toBe(22)
    // The history did reach every part of the flow.
    expect(p.screening.records_excluded).toBeGreaterThan(0)
    expect(p.screening.reports_not_retrieved).toBeGreaterThan(0)
    expect(p.screening.reports_assessed).toBeGreaterThan(0)
    expect(p.pending.title_abstract + p.pending.full_text).toBeGreaterThan(0)

    // The agreement's SQL picks the same standing ballots as the domain's latestBallots.
    const rows = await s.db.orm
      .select()
      .from(decisions)
      .where(and(eq(decisions.projectId, s.project.id), eq(decisions.stage, 'title_abstract')))
    const expected = [...new Set(rows.map((r) => r.recordId))].flatMap((recordId) =>
      latestBallots(
        rows
          .filter((r) => r.recordId === recordId)
          .map((r) => ({
            id: r.id,
            userId: r.userId,
            vote: r.decision as Vote | 'withdrawn',
            reasonId: r.reasonId,
            at: r.createdAt,
          }))
      ).map((b) => `${recordId}:${b.userId}:${b.vote}`)
    )
    const standing = (await standingBallots(s.db.orm, s.project.id)).map(
      (b) => `${b.recordId}:${b.userId}:${b.vote}`
    )
    expect(standing.sort()).toEqual(expected.sort())
    expect(await s.db.orm.$count(records, isNull(records.duplicateOf))).toBe(22)
  })
})
