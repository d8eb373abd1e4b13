import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm'
import type { Q } from '../db/client.ts'
import { projectMembers, projects, queue, records, recordStages, type Stage } from '../db/schema.ts'
import { randomPlaceSql, reviewerSalt, UNBATCHED } from './order.ts'
import { advanceRapid } from './stage-flow.ts'

/**
 * Records entering a stage: a pending row each in record_stages, and a place in every
 * member's work queue. Title/abstract entry is for kept (non-duplicate) records; it happens
 * when an import completes and when a wrong duplicate match is undone.
 */
export async function enterScreening(
  q: Q,
  projectId: number,
  which: number[] | { importId: number },
  now: number
) {
  if (Array.isArray(which) && which.length === 0) return
  const [project] = await q.select().from(projects).where(eq(projects.id, projectId))
  if (!project) throw new Error(`project ${projectId} vanished`)
  // In rapid mode, once calibration has passed, new records need one vote.
  const needed = project.screeningMode === 'rapid' && project.rapidPhase === 'single' ? 1 : 2
  const selected = Array.isArray(which)
    ? inArray(records.id, which)
    : eq(records.importId, which.importId)
  await q.insert(recordStages).select(
    q
      .select({
        recordId: records.id,
        stage: sql<Stage>`'title_abstract'`.as('stage'),
        projectId: records.projectId,
        status: sql<string>`'pending'`.as('status'),
        votesNeeded: sql<number>`${needed}`.as('votes_needed'),
        calibrationBatch: sql<null>`NULL`.as('calibration_batch'),
        reasonId: sql<null>`NULL`.as('reason_id'),
        settledAt: sql<null>`NULL`.as('settled_at'),
      })
      .from(records)
      .where(and(eq(records.projectId, projectId), selected, isNull(records.duplicateOf)))
  )
  const ids = Array.isArray(which)
    ? inArray(recordStages.recordId, which)
    : inArray(recordStages.recordId, q.select({ id: records.id }).from(records).where(selected))
  await fillQueues(q, projectId, 'title_abstract', ids)
  await advanceRapid(q, projectId, now)
}

/**
 * Gives members a place for every pending record of the stage that `which` selects, in each
 * member's own stable random order (calibration records first, in rapid mode).
 */
export async function fillQueues(
  q: Q,
  projectId: number,
  stage: Stage,
  which: SQL,
  userIds?: number[]
) {
  const members =
    userIds ??
    (
      await q
        .select({ userId: projectMembers.userId })
        .from(projectMembers)
        .where(eq(projectMembers.projectId, projectId))
    ).map((m) => m.userId)
  for (const userId of members) {
    const key = randomPlaceSql('record_stages.record_id', reviewerSalt(projectId, userId))
    await q
      .insert(queue)
      .select(
        q
          .select({
            projectId: recordStages.projectId,
            userId: sql<number>`${userId}`.as('user_id'),
            stage: recordStages.stage,
            recordId: recordStages.recordId,
            sortKey:
              sql<number>`coalesce(${recordStages.calibrationBatch}, ${UNBATCHED}) + ${key}`.as(
                'sort_key'
              ),
            doneAt: sql<null>`NULL`.as('done_at'),
          })
          .from(recordStages)
          .where(
            and(
              eq(recordStages.projectId, projectId),
              eq(recordStages.stage, stage),
              eq(recordStages.status, 'pending'),
              which
            )
          )
      )
      .onConflictDoNothing()
  }
}

/** Records leave a stage (they turned out to be duplicates, or an earlier vote changed). */
export async function leaveStage(q: Q, recordIds: number[], stage: Stage) {
  if (recordIds.length === 0) return
  await q.delete(queue).where(and(inArray(queue.recordId, recordIds), eq(queue.stage, stage)))
  await q
    .delete(recordStages)
    .where(and(inArray(recordStages.recordId, recordIds), eq(recordStages.stage, stage)))
}
