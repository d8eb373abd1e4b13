import { and, desc, eq, isNull, sql } from 'drizzle-orm'
import type { Q } from '../db/client.ts'
import {
  decisions,
  exclusionReasons,
  queue,
  recordStages,
  resolutions,
  type Stage,
} from '../db/schema.ts'
import {
  latestBallots,
  outcome,
  validateVote,
  type HistoryEntry,
  type Status,
  type Vote,
} from '../domain/screening.ts'
import { fail, ok, type Outcome } from '../errors.ts'
import { audit } from './audit.ts'
import { afterOutcome } from './stage-flow.ts'

export type StageRow = typeof recordStages.$inferSelect

export async function stageRow(q: Q, projectId: number, recordId: number, stage: Stage) {
  const [row] = await q
    .select()
    .from(recordStages)
    .where(
      and(
        eq(recordStages.projectId, projectId),
        eq(recordStages.recordId, recordId),
        eq(recordStages.stage, stage)
      )
    )
  return row
}

async function latestResolution(q: Q, recordId: number, stage: Stage) {
  const [row] = await q
    .select()
    .from(resolutions)
    .where(and(eq(resolutions.recordId, recordId), eq(resolutions.stage, stage)))
    .orderBy(desc(resolutions.id))
    .limit(1)
  return row
}

/** A stored decision row as the domain reads it. */
export function toHistory(d: typeof decisions.$inferSelect): HistoryEntry {
  return {
    id: d.id,
    userId: d.userId,
    vote: d.decision as Vote | 'withdrawn',
    reasonId: d.reasonId,
    at: d.createdAt,
  }
}

export async function history(q: Q, recordId: number, stage: Stage): Promise<HistoryEntry[]> {
  const rows = await q
    .select()
    .from(decisions)
    .where(and(eq(decisions.recordId, recordId), eq(decisions.stage, stage)))
  return rows.map(toHistory)
}

/**
 * Recomputes a record's status at a stage from its votes and resolution, stores it, and keeps
 * the work queues in step: while it is pending, members who have not voted still have it;
 * once it is decided or in conflict, nobody is asked for it any more.
 */
export async function recompute(q: Q, row: StageRow, now: number): Promise<Status> {
  const latest = latestBallots(await history(q, row.recordId, row.stage))
  const resolution = await latestResolution(q, row.recordId, row.stage)
  const result = outcome(
    row.stage,
    latest,
    row.votesNeeded === 1 ? 1 : 2,
    resolution ? { vote: resolution.decision as Vote, reasonId: resolution.reasonId } : null
  )
  const changed = result.status !== row.status || result.reasonId !== row.reasonId
  if (changed) {
    await q
      .update(recordStages)
      .set({
        status: result.status,
        reasonId: result.reasonId,
        settledAt: result.status === 'pending' ? null : now,
      })
      .where(and(eq(recordStages.recordId, row.recordId), eq(recordStages.stage, row.stage)))
  }
  const voters = latest.map((b) => b.userId)
  const open = result.status === 'pending'
  await q
    .update(queue)
    .set({ doneAt: now })
    .where(
      and(
        eq(queue.recordId, row.recordId),
        eq(queue.stage, row.stage),
        isNull(queue.doneAt),
        open
          ? sql`${queue.userId} IN (${sql.join(voters.length ? voters : [-1], sql`, `)})`
          : undefined
      )
    )
  if (open) {
    await q
      .update(queue)
      .set({ doneAt: null })
      .where(
        and(
          eq(queue.recordId, row.recordId),
          eq(queue.stage, row.stage),
          sql`${queue.userId} NOT IN (${sql.join(voters.length ? voters : [-1], sql`, `)})`
        )
      )
  }
  if (changed) await afterOutcome(q, { ...row, status: result.status }, now)
  return result.status
}

export interface VoteInput {
  projectId: number
  recordId: number
  stage: Stage
  userId: number
  vote: Vote
  reasonId: number | null
  note: string
  now: number
}

type VoteError = 'not_found' | 'closed' | 'invalid'

/** Why a vote on this record can no longer change, or null while it still can. */
export async function closedBecause(q: Q, row: StageRow): Promise<string | null> {
  if (await latestResolution(q, row.recordId, row.stage)) {
    return 'This record’s conflict has been resolved, so its votes can no longer change.'
  }
  if (row.stage === 'title_abstract') {
    const [later] = await q
      .select({ id: decisions.id })
      .from(decisions)
      .where(and(eq(decisions.recordId, row.recordId), eq(decisions.stage, 'full_text')))
      .limit(1)
    if (later)
      return 'This record has moved on to full-text screening, so its title/abstract votes can no longer change.'
  }
  return null
}

/**
 * What is wrong with a vote or a resolution, if anything: the decision and reason must fit the
 * stage, and a reason must be one of the project's, still in use (a forged post can name any
 * id).
 */
async function voteProblem(q: Q, input: VoteInput): Promise<string | null> {
  const invalid = validateVote(input.stage, input.vote, input.reasonId)
  if (invalid || input.reasonId === null) return invalid
  const [reason] = await q
    .select({ id: exclusionReasons.id })
    .from(exclusionReasons)
    .where(
      and(
        eq(exclusionReasons.id, input.reasonId),
        eq(exclusionReasons.projectId, input.projectId),
        isNull(exclusionReasons.retiredAt)
      )
    )
  return reason ? null : 'Choose one of this project’s exclusion reasons.'
}

/** The row a vote or a resolution is stored as (the two tables share these columns). */
const ballotRow = (input: VoteInput) => ({
  projectId: input.projectId,
  recordId: input.recordId,
  stage: input.stage,
  userId: input.userId,
  decision: input.vote,
  reasonId: input.reasonId,
  note: input.note,
  createdAt: input.now,
})

/**
 * Appends a vote (a change of mind is a new row: history is never rewritten) and settles what
 * follows from it. A reviewer may change their vote until the record is resolved or has moved
 * on to the next stage.
 */
export async function castVote(q: Q, input: VoteInput): Promise<Outcome<Status, VoteError>> {
  const row = await stageRow(q, input.projectId, input.recordId, input.stage)
  if (!row) return fail('not_found', 'That record is not waiting for this stage of screening.')
  const closed = await closedBecause(q, row)
  if (closed) return fail('closed', closed)
  const invalid = await voteProblem(q, input)
  if (invalid) return fail('invalid', invalid)
  await q.insert(decisions).values(ballotRow(input))
  return ok(await recompute(q, row, input.now))
}

/** The record of the caller's most recent vote at a stage that still stands (for undo). */
export async function lastStandingVote(q: Q, projectId: number, userId: number, stage: Stage) {
  const [row] = await q
    .select({ recordId: decisions.recordId })
    .from(decisions)
    .where(
      and(
        eq(decisions.projectId, projectId),
        eq(decisions.userId, userId),
        eq(decisions.stage, stage),
        sql`${decisions.decision} <> 'withdrawn'`,
        sql`${decisions.id} = (SELECT max(d2.id) FROM decisions d2 WHERE d2.record_id = ${decisions.recordId} AND d2.user_id = ${decisions.userId} AND d2.stage = ${decisions.stage})`
      )
    )
    .orderBy(desc(decisions.id))
    .limit(1)
  return row?.recordId
}

/** Undo: withdraws the caller's vote on a record (a 'withdrawn' row, so the history keeps both). */
export async function withdrawVote(
  q: Q,
  input: { projectId: number; recordId: number; stage: Stage; userId: number; now: number }
): Promise<Outcome<Status, 'not_found' | 'closed'>> {
  const row = await stageRow(q, input.projectId, input.recordId, input.stage)
  if (!row) return fail('not_found', 'That record is not in this stage of screening.')
  const closed = await closedBecause(q, row)
  if (closed) return fail('closed', closed)
  const mine = latestBallots(await history(q, row.recordId, row.stage)).find(
    (b) => b.userId === input.userId
  )
  if (!mine) return fail('not_found', 'You have no vote on that record to undo.')
  await q.insert(decisions).values({
    projectId: input.projectId,
    recordId: input.recordId,
    stage: input.stage,
    userId: input.userId,
    decision: 'withdrawn',
    createdAt: input.now,
  })
  return ok(await recompute(q, row, input.now))
}

/** Records the resolver's final decision on a record in conflict. */
export async function resolveConflict(
  q: Q,
  input: VoteInput
): Promise<Outcome<Status, VoteError | 'not_conflict'>> {
  const row = await stageRow(q, input.projectId, input.recordId, input.stage)
  if (!row) return fail('not_found', 'That record is not in this stage of screening.')
  if (row.status !== 'conflict') return fail('not_conflict', 'That record is not in conflict.')
  const invalid = await voteProblem(q, input)
  if (invalid) return fail('invalid', invalid)
  await q.insert(resolutions).values(ballotRow(input))
  await audit(q, {
    projectId: input.projectId,
    userId: input.userId,
    action: 'conflict.resolve',
    detail: {
      recordId: input.recordId,
      stage: input.stage,
      decision: input.vote,
      reasonId: input.reasonId,
    },
    at: input.now,
  })
  return ok(await recompute(q, row, input.now))
}
