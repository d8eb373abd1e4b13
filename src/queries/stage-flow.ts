import { and, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { Q } from '../db/client.ts'
import { decisions, projects, queue, recordStages, type Stage } from '../db/schema.ts'
import { latestBallots } from '../domain/screening.ts'
import { recompute, toHistory } from './decisions.ts'
import { batchSize, calibrationKappa, rapidState } from '../domain/rapid.ts'
import { reviewerSalt, shuffleKeySql, UNBATCHED } from './order.ts'
import { fillQueues, leaveStage } from './screening-entry.ts'

interface Changed {
  projectId: number
  recordId: number
  stage: Stage
  status: string
  calibrationBatch: number | null
}

/**
 * What follows when a record's status at a stage changes: a title/abstract include sends it to
 * full text (and taking that back withdraws it again, as long as nobody has voted on it there);
 * in rapid mode a finished calibration batch may end calibration.
 */
export async function afterOutcome(q: Q, row: Changed, now: number) {
  if (row.stage === 'title_abstract') {
    if (row.status === 'included') await enterFullText(q, row.projectId, [row.recordId])
    else await leaveStage(q, [row.recordId], 'full_text')
    if (row.calibrationBatch !== null) await advanceRapid(q, row.projectId, now)
  }
}

async function enterFullText(q: Q, projectId: number, recordIds: number[]) {
  const [project] = await q.select().from(projects).where(eq(projects.id, projectId))
  if (!project) throw new Error(`project ${projectId} vanished`)
  await q
    .insert(recordStages)
    .values(
      recordIds.map((recordId) => ({
        recordId,
        projectId,
        stage: 'full_text' as const,
        status: 'pending',
        votesNeeded: project.fullTextMode === 'single' ? 1 : 2,
      }))
    )
    .onConflictDoNothing()
  await fillQueues(q, projectId, 'full_text', inArray(recordStages.recordId, recordIds))
}

/**
 * Rapid mode (SPEC §2.4): calibration batches are dual-screened first; when a batch is done
 * and its kappa reaches the threshold the rest needs one vote, otherwise another batch opens.
 * Called when records enter screening and when a calibration record's outcome changes.
 */
export async function advanceRapid(q: Q, projectId: number, now: number): Promise<void> {
  const [project] = await q.select().from(projects).where(eq(projects.id, projectId))
  if (!project || project.screeningMode !== 'rapid' || project.rapidPhase === 'single') return
  const rows = await q
    .select({
      recordId: recordStages.recordId,
      status: recordStages.status,
      batch: recordStages.calibrationBatch,
    })
    .from(recordStages)
    .where(and(eq(recordStages.projectId, projectId), eq(recordStages.stage, 'title_abstract')))
  if (rows.length === 0) return
  const batchIds = [...new Set(rows.flatMap((r) => (r.batch === null ? [] : [r.batch])))].sort(
    (a, b) => a - b
  )
  const batches = []
  for (const k of batchIds) {
    const members = rows.filter((r) => r.batch === k)
    const complete = members.every((r) => r.status !== 'pending')
    batches.push({
      recordIds: members.map((r) => r.recordId),
      complete,
      kappa: complete
        ? await batchKappa(
            q,
            members.map((r) => r.recordId)
          )
        : null,
    })
  }
  const unbatched = rows.filter((r) => r.batch === null && r.status === 'pending')
  const state = rapidState({
    share: project.calibrationShare,
    threshold: project.kappaThreshold,
    batches,
    unbatched: unbatched.length,
  })
  if (state.phase === 'single') return switchToSingle(q, projectId, now)
  if (!state.nextBatchNeeded) return
  // The next batch: records nobody has voted on yet, in the project's own random order.
  const k = (batchIds.at(-1) ?? 0) + 1
  const size = batchSize(rows.length, project.calibrationShare)
  const voted = q
    .select({ id: decisions.recordId })
    .from(decisions)
    .where(and(eq(decisions.projectId, projectId), eq(decisions.stage, 'title_abstract')))
  const drawn = await q
    .select({ recordId: recordStages.recordId })
    .from(recordStages)
    .where(
      and(
        eq(recordStages.projectId, projectId),
        eq(recordStages.stage, 'title_abstract'),
        eq(recordStages.status, 'pending'),
        isNull(recordStages.calibrationBatch),
        sql`${recordStages.recordId} NOT IN ${voted}`
      )
    )
    .orderBy(shuffleKeySql('record_stages.record_id', reviewerSalt(projectId, 0)))
    .limit(size)
  const ids = drawn.map((d) => d.recordId)
  if (ids.length === 0) return
  await q
    .update(recordStages)
    .set({ calibrationBatch: k, votesNeeded: 2 })
    .where(and(eq(recordStages.stage, 'title_abstract'), inArray(recordStages.recordId, ids)))
  // Calibration records come first in everyone's queue.
  await q
    .update(queue)
    .set({ sortKey: sql`${queue.sortKey} - ${UNBATCHED} + ${k}` })
    .where(
      and(
        eq(queue.stage, 'title_abstract'),
        inArray(queue.recordId, ids),
        sql`${queue.sortKey} >= ${UNBATCHED}`
      )
    )
  await q.update(projects).set({ calibrationBatches: k }).where(eq(projects.id, projectId))
}

async function batchKappa(q: Q, recordIds: number[]): Promise<number | null> {
  const rows = await q
    .select()
    .from(decisions)
    .where(and(inArray(decisions.recordId, recordIds), eq(decisions.stage, 'title_abstract')))
  const ballots = recordIds.flatMap((recordId) =>
    latestBallots(rows.filter((d) => d.recordId === recordId).map(toHistory)).map((b) => ({
      recordId,
      userId: b.userId,
      vote: b.vote,
    }))
  )
  return calibrationKappa(ballots)
}

/** Calibration passed: every record outside the calibration sample now needs one vote. */
async function switchToSingle(q: Q, projectId: number, now: number) {
  await q.update(projects).set({ rapidPhase: 'single' }).where(eq(projects.id, projectId))
  await q
    .update(recordStages)
    .set({ votesNeeded: 1 })
    .where(
      and(
        eq(recordStages.projectId, projectId),
        eq(recordStages.stage, 'title_abstract'),
        isNull(recordStages.calibrationBatch)
      )
    )
  // Records that already have their one vote are decided now.
  const waiting = await q
    .select()
    .from(recordStages)
    .where(
      and(
        eq(recordStages.projectId, projectId),
        eq(recordStages.stage, 'title_abstract'),
        eq(recordStages.status, 'pending'),
        isNull(recordStages.calibrationBatch),
        sql`${recordStages.recordId} IN (SELECT record_id FROM decisions WHERE project_id = ${projectId} AND stage = 'title_abstract')`
      )
    )
  for (const row of waiting) await recompute(q, row, now)
}
