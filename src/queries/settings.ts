import { and, asc, count, eq, inArray, isNull, notInArray, sql } from 'drizzle-orm'
import { restoreRandomOrder } from './ranking.ts'
import type { Q } from '../db/client.ts'
import {
  criteria,
  decisions,
  exclusionReasons,
  projectMembers,
  projects,
  queue,
  recordStages,
} from '../db/schema.ts'
import { fail, ok, type Outcome } from '../errors.ts'
import { audit } from './audit.ts'
import { seedStudyFields } from './extract-studies.ts'
import { fillQueues } from './screening-entry.ts'
import { advanceRapid } from './stage-flow.ts'

/** Reasons a new project starts with (PRISMA-style full-text exclusion reasons); the lead edits them. */
export const DEFAULT_REASONS = [
  'Wrong population',
  'Wrong intervention or concept',
  'Wrong context or setting',
  'Wrong study design',
  'Wrong publication type',
  'Outside the date range',
  'Not in a language we can read',
  'No relevant findings reported',
]

export type Criterion = typeof criteria.$inferSelect
export type Reason = typeof exclusionReasons.$inferSelect

/** What every new project starts with: the exclusion reasons and the study characteristics. */
export async function seedProjectDefaults(q: Q, projectId: number) {
  await q
    .insert(exclusionReasons)
    .values(DEFAULT_REASONS.map((label, i) => ({ projectId, position: i + 1, label })))
  await seedStudyFields(q, projectId)
}

export async function listCriteria(q: Q, projectId: number): Promise<Criterion[]> {
  return q
    .select()
    .from(criteria)
    .where(eq(criteria.projectId, projectId))
    .orderBy(asc(criteria.position), asc(criteria.id))
}

export async function listReasons(q: Q, projectId: number, withRetired = false): Promise<Reason[]> {
  return q
    .select()
    .from(exclusionReasons)
    .where(
      and(
        eq(exclusionReasons.projectId, projectId),
        withRetired ? undefined : isNull(exclusionReasons.retiredAt)
      )
    )
    .orderBy(asc(exclusionReasons.position), asc(exclusionReasons.id))
}

interface Who {
  projectId: number
  userId: number
  now: number
}

/** Replaces the criteria with these rows, in this order (rows with an id keep it). */
export async function saveCriteria(
  q: Q,
  who: Who,
  rows: { id?: number | undefined; name: string; description: string }[]
) {
  const keep = rows.flatMap((r) => (r.id === undefined ? [] : [r.id]))
  await q
    .delete(criteria)
    .where(
      and(
        eq(criteria.projectId, who.projectId),
        keep.length ? notInArray(criteria.id, keep) : undefined
      )
    )
  for (const [i, row] of rows.entries()) {
    const values = { name: row.name, description: row.description, position: i + 1 }
    if (row.id === undefined)
      await q.insert(criteria).values({ projectId: who.projectId, ...values })
    else
      await q
        .update(criteria)
        .set(values)
        .where(and(eq(criteria.id, row.id), eq(criteria.projectId, who.projectId)))
  }
  await audit(q, {
    ...who,
    action: 'settings.criteria',
    detail: { criteria: rows.map((r) => r.name) },
    at: who.now,
  })
}

/**
 * Renames, adds and retires reasons. A reason is never deleted: decisions that used it keep
 * pointing at it, and PRISMA still counts them under its name.
 */
export async function saveReasons(
  q: Q,
  who: Who,
  rows: { id?: number | undefined; label: string; retired: boolean }[]
) {
  for (const [i, row] of rows.entries()) {
    const values = { label: row.label, position: i + 1 }
    if (row.id === undefined)
      await q
        .insert(exclusionReasons)
        .values({ projectId: who.projectId, ...values, retiredAt: row.retired ? who.now : null })
    else
      await q
        .update(exclusionReasons)
        // A reason retired earlier keeps the date it was retired.
        .set({
          ...values,
          retiredAt: row.retired ? sql`coalesce(${exclusionReasons.retiredAt}, ${who.now})` : null,
        })
        .where(and(eq(exclusionReasons.id, row.id), eq(exclusionReasons.projectId, who.projectId)))
  }
  await audit(q, {
    ...who,
    action: 'settings.reasons',
    detail: { reasons: rows.map((r) => (r.retired ? `${r.label} (retired)` : r.label)) },
    at: who.now,
  })
}

export async function saveTerms(q: Q, who: Who, terms: { include: string[]; exclude: string[] }) {
  await q
    .update(projects)
    .set({ includeTerms: terms.include, excludeTerms: terms.exclude })
    .where(eq(projects.id, who.projectId))
  await audit(q, { ...who, action: 'settings.terms', detail: terms, at: who.now })
}

export interface ModeSettings {
  screeningMode: 'dual' | 'rapid'
  calibrationShare: number
  kappaThreshold: number
  fullTextMode: 'single' | 'dual'
}

/** Whether anyone has voted at title/abstract (a vote taken back counts: the rules were in use). */
export async function screeningStarted(q: Q, projectId: number): Promise<boolean> {
  const [votes] = await q
    .select({ n: count() })
    .from(decisions)
    .where(and(eq(decisions.projectId, projectId), eq(decisions.stage, 'title_abstract')))
  return (votes?.n ?? 0) > 0
}

/** The screening mode is chosen before screening starts: changing it later would change the rules mid-way. */
export async function saveMode(
  q: Q,
  who: Who,
  mode: ModeSettings
): Promise<Outcome<null, 'started'>> {
  const [project] = await q.select().from(projects).where(eq(projects.id, who.projectId))
  const changesTitleAbstract =
    project?.screeningMode !== mode.screeningMode ||
    project.calibrationShare !== mode.calibrationShare ||
    project.kappaThreshold !== mode.kappaThreshold
  if (changesTitleAbstract && (await screeningStarted(q, who.projectId))) {
    return fail(
      'started',
      'Title/abstract screening has started, so its mode can no longer change (the rules would change mid-way).'
    )
  }
  await q.update(projects).set(mode).where(eq(projects.id, who.projectId))
  if (changesTitleAbstract) await redrawCalibration(q, who.projectId, who.now)
  await audit(q, { ...who, action: 'settings.mode', detail: { ...mode }, at: who.now })
  return ok(null)
}

/**
 * Records imported before the mode changed were planned for the old mode (a calibration sample
 * of the old share, or none at all in dual mode). Nobody has voted yet, so the plan is redrawn
 * from scratch: every record back to two votes, queues rebuilt, and in rapid mode a new sample.
 */
async function redrawCalibration(q: Q, projectId: number, now: number) {
  const titleAbstract = and(
    eq(recordStages.projectId, projectId),
    eq(recordStages.stage, 'title_abstract')
  )
  await q
    .update(projects)
    .set({ rapidPhase: 'calibrating', calibrationBatches: 0 })
    .where(eq(projects.id, projectId))
  await q.update(recordStages).set({ calibrationBatch: null, votesNeeded: 2 }).where(titleAbstract)
  await q
    .delete(queue)
    .where(and(eq(queue.projectId, projectId), eq(queue.stage, 'title_abstract')))
  await fillQueues(q, projectId, 'title_abstract', eq(recordStages.projectId, projectId))
  await advanceRapid(q, projectId, now)
}

/** Switches priority screening on or off; off puts every queue back in its random order. */
export async function saveRanking(q: Q, who: Who, on: boolean) {
  await q.update(projects).set({ rankingEnabled: on }).where(eq(projects.id, who.projectId))
  if (!on) await restoreRandomOrder(q, who.projectId)
  await audit(q, { ...who, action: 'settings.ranking', detail: { ranking: on }, at: who.now })
}

/** Names the reviewers who may resolve conflicts (leads always may). */
export async function saveResolvers(q: Q, who: Who, userIds: number[]) {
  await q
    .update(projectMembers)
    .set({ canResolve: false })
    .where(eq(projectMembers.projectId, who.projectId))
  if (userIds.length > 0) {
    await q
      .update(projectMembers)
      .set({ canResolve: true })
      .where(
        and(eq(projectMembers.projectId, who.projectId), inArray(projectMembers.userId, userIds))
      )
  }
  await audit(q, { ...who, action: 'settings.resolvers', detail: { userIds }, at: who.now })
}
