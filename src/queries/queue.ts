import { and, asc, count, eq, isNull, sql } from 'drizzle-orm'
import type { Q } from '../db/client.ts'
import { decisions, queue, records, recordStages, type Stage } from '../db/schema.ts'

/** The rows of a reviewer's queue still waiting for their vote at a stage. */
export const waitingIn = (projectId: number, userId: number, stage: Stage) =>
  and(
    eq(queue.projectId, projectId),
    eq(queue.userId, userId),
    eq(queue.stage, stage),
    isNull(queue.doneAt)
  )

/** The next record waiting for this reviewer: the first pending row of their queue. */
export async function nextInQueue(q: Q, projectId: number, userId: number, stage: Stage) {
  const [row] = await q
    .select({ recordId: queue.recordId })
    .from(queue)
    .where(waitingIn(projectId, userId, stage))
    .orderBy(asc(queue.sortKey))
    .limit(1)
  return row?.recordId
}

/** Is this record waiting for this reviewer's vote? */
export async function isWaitingFor(
  q: Q,
  projectId: number,
  userId: number,
  stage: Stage,
  recordId: number
) {
  const [row] = await q
    .select({ recordId: queue.recordId })
    .from(queue)
    .where(and(waitingIn(projectId, userId, stage), eq(queue.recordId, recordId)))
  return row !== undefined
}

export interface Progress {
  /** This reviewer's queue: records no longer waiting for them, of all records given them. */
  mine: { done: number; total: number }
  /** The project's records at this stage by status. */
  project: { total: number; pending: number; conflict: number; settled: number }
}

export async function progress(
  q: Q,
  projectId: number,
  userId: number,
  stage: Stage
): Promise<Progress> {
  const [mine] = await q
    .select({ total: count(), done: sql<number>`count(${queue.doneAt})` })
    .from(queue)
    .where(and(eq(queue.projectId, projectId), eq(queue.userId, userId), eq(queue.stage, stage)))
  const statuses = await q
    .select({ status: recordStages.status, n: count() })
    .from(recordStages)
    .where(and(eq(recordStages.projectId, projectId), eq(recordStages.stage, stage)))
    .groupBy(recordStages.status)
  const by = Object.fromEntries(statuses.map((s) => [s.status, s.n])) as Record<string, number>
  const total = statuses.reduce((n, s) => n + s.n, 0)
  const pending = by.pending ?? 0
  const conflict = by.conflict ?? 0
  return {
    mine: { done: Number(mine?.done ?? 0), total: mine?.total ?? 0 },
    project: { total, pending, conflict, settled: total - pending - conflict },
  }
}

/** The caller's own standing vote on a record (never anyone else's: screening is blind). */
export async function myVote(q: Q, recordId: number, userId: number, stage: Stage) {
  const [row] = await q
    .select()
    .from(decisions)
    .where(
      and(
        eq(decisions.recordId, recordId),
        eq(decisions.userId, userId),
        eq(decisions.stage, stage)
      )
    )
    .orderBy(sql`${decisions.id} DESC`)
    .limit(1)
  return row && row.decision !== 'withdrawn' ? row : undefined
}

export async function screeningRecord(q: Q, projectId: number, recordId: number) {
  const [row] = await q
    .select()
    .from(records)
    .where(
      and(eq(records.projectId, projectId), eq(records.id, recordId), isNull(records.duplicateOf))
    )
  return row
}
