import { and, desc, eq, sql } from 'drizzle-orm'
import type { Q } from '../db/client.ts'
import { decisions, projectMembers, queue, rankings, records, recordStages } from '../db/schema.ts'
import { recordText } from '../domain/rank/tokenize.ts'
import type { Label } from '../domain/rank/model.ts'
import { RANKED_FRONT, randomPlaceSql, reviewerSalt, UNBATCHED } from './order.ts'
import { waitingIn } from './queue.ts'

/**
 * Data access for priority screening at title/abstract. The model is trained per reviewer on
 * what that reviewer may see (blind screening): their own standing votes, and the outcome of
 * records the team has settled. Nobody else's vote on an open record reaches their model.
 */
const STAGE = 'title_abstract' as const

/**
 * Identifies the set of records at title/abstract: records never change once imported, so the
 * same set means the same texts and the model's vectors can be reused. Changes when an import
 * completes or is removed, or a duplicate match is made or undone.
 */
export async function corpusKey(q: Q, projectId: number): Promise<string> {
  const [row] = await q
    .select({
      n: sql<number>`count(*)`,
      sum: sql<number>`coalesce(sum(${recordStages.recordId}), 0)`,
      max: sql<number>`coalesce(max(${recordStages.recordId}), 0)`,
      // Two sets swapping records with the same count, sum and maximum would need the same
      // sum of squares too.
      squares: sql<number>`coalesce(sum(${recordStages.recordId} * ${recordStages.recordId}), 0)`,
    })
    .from(recordStages)
    .where(and(eq(recordStages.projectId, projectId), eq(recordStages.stage, STAGE)))
  return `${row?.n ?? 0}:${row?.sum ?? 0}:${row?.max ?? 0}:${row?.squares ?? 0}`
}

/** Every record at title/abstract as the model reads it (title, abstract, keywords). */
export async function corpus(q: Q, projectId: number): Promise<{ id: number; text: string }[]> {
  const rows = await q
    .select({
      id: records.id,
      title: records.title,
      abstract: records.abstract,
      keywords: records.keywords,
    })
    .from(recordStages)
    .innerJoin(records, eq(records.id, recordStages.recordId))
    .where(and(eq(recordStages.projectId, projectId), eq(recordStages.stage, STAGE)))
  return rows.map((r) => ({ id: r.id, text: recordText(r) }))
}

/**
 * What one reviewer's model may learn from: their own standing vote on each record (include
 * and maybe are relevant, exclude is not), overridden by the team's outcome where the record
 * is settled. Returned as [record id, label] pairs.
 */
export async function visibleLabels(
  q: Q,
  projectId: number,
  userId: number
): Promise<[number, Label][]> {
  const labels = new Map<number, Label>()
  const own = await q
    .select({ recordId: decisions.recordId, decision: decisions.decision })
    .from(decisions)
    .where(
      sql`${decisions.id} IN (SELECT max(d.id) FROM decisions d WHERE d.project_id = ${projectId} AND d.user_id = ${userId} AND d.stage = ${STAGE} GROUP BY d.record_id)`
    )
  for (const { recordId, decision } of own) {
    if (decision === 'exclude') labels.set(recordId, 0)
    else if (decision === 'include' || decision === 'maybe') labels.set(recordId, 1)
  }
  const settled = await q
    .select({ recordId: recordStages.recordId, status: recordStages.status })
    .from(recordStages)
    .where(
      and(
        eq(recordStages.projectId, projectId),
        eq(recordStages.stage, STAGE),
        sql`${recordStages.status} IN ('included', 'excluded')`
      )
    )
  for (const { recordId, status } of settled) labels.set(recordId, status === 'included' ? 1 : 0)
  return [...labels]
}

/** The records waiting for this reviewer at title/abstract: the ones the model orders. */
export async function waitingFor(q: Q, projectId: number, userId: number): Promise<number[]> {
  const rows = await q
    .select({ recordId: queue.recordId })
    .from(queue)
    .where(waitingIn(projectId, userId, STAGE))
  return rows.map((r) => r.recordId)
}

export interface RankedQueue {
  projectId: number
  userId: number
  /** Waiting records, most likely relevant first. */
  order: number[]
  expectedRelevant: number
  labelled: number
  includes: number
  ms: number
  now: number
}

/** Records a ranking places at the front of a queue: far more than anyone screens between two retrainings. */
export const FRONT_SIZE = 500

/**
 * Writes a ranking into the reviewer's queue. Only the front is rewritten, so the write lock is
 * held for milliseconds whatever the size of the queue (rewriting every key took 33 ms at
 * 20 000 records and grows with the queue): the top `front` records get places in
 * [0, RANKED_FRONT) in the model's order, and records that were at the front before and no
 * longer are go behind it, at their new rank. Everything else keeps its place, at or behind
 * RANKED_FRONT. The whole part of each key (rapid mode's calibration batch first) stays.
 * Does nothing when the lead switched ranking off meanwhile.
 */
export async function applyRanking(q: Q, r: RankedQueue, front = FRONT_SIZE): Promise<boolean> {
  const [project] = await q.all<{ on: number }>(
    sql`SELECT ranking_enabled AS "on" FROM projects WHERE id = ${r.projectId}`
  )
  if (!project?.on) return false
  const n = r.order.length
  const mine = sql`project_id = ${r.projectId} AND user_id = ${r.userId} AND stage = ${STAGE} AND done_at IS NULL`
  // The rows to write: the new front, and the old front (going behind it, at its new rank).
  // Read through the index on sort_key: a range for the records in no calibration batch (all of
  // them in dual mode), and the calibration records of rapid mode.
  const oldFront = await q.all<{ id: number }>(sql`
    SELECT record_id AS id FROM queue
    WHERE ${mine} AND sort_key >= ${UNBATCHED} AND sort_key < ${UNBATCHED + RANKED_FRONT}
    UNION ALL
    SELECT record_id AS id FROM queue
    WHERE ${mine} AND sort_key < ${UNBATCHED}
      AND sort_key - CAST(sort_key AS INTEGER) < ${RANKED_FRONT}`)
  const places: [number, number][] = r.order
    .slice(0, front)
    .map((id, i) => [id, (RANKED_FRONT * i) / front])
  // The old front's new ranks: one pass over the order (a map of all of it costs 10–35 ms at
  // 100 000 records, inside the write lock).
  const behind = new Set(oldFront.map((o) => o.id))
  for (let i = 0; i < Math.min(front, n); i++) behind.delete(r.order[i]!)
  for (let i = front; i < n && behind.size > 0; i++) {
    const id = r.order[i]!
    if (behind.delete(id)) places.push([id, RANKED_FRONT + ((1 - RANKED_FRONT) * i) / n])
  }
  // A record the ranking does not know (it arrived meanwhile) goes just behind the front.
  for (const id of behind) places.push([id, RANKED_FRONT])
  // The places go through an indexed temporary table: an UPDATE … FROM json_each(…) makes
  // SQLite read the JSON once per queue row (146 s for 20 000 records).
  await q.run(
    sql`CREATE TEMP TABLE IF NOT EXISTS rank_places (record_id INTEGER PRIMARY KEY, place REAL NOT NULL)`
  )
  await q.run(sql`DELETE FROM temp.rank_places`)
  await q.run(sql`INSERT INTO temp.rank_places
    SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(${JSON.stringify(places)})`)
  await q.run(sql`
    UPDATE queue SET sort_key = CAST(sort_key AS INTEGER)
      + (SELECT p.place FROM temp.rank_places p WHERE p.record_id = queue.record_id)
    WHERE ${mine} AND record_id IN (SELECT record_id FROM temp.rank_places)`)
  await q.run(sql`DELETE FROM temp.rank_places`)
  const row = {
    projectId: r.projectId,
    userId: r.userId,
    stage: STAGE,
    labelled: r.labelled,
    includes: r.includes,
    ranked: n,
    expectedRelevant: r.expectedRelevant,
    trainedAt: r.now,
    ms: r.ms,
  }
  await q
    .insert(rankings)
    .values(row)
    .onConflictDoUpdate({ target: [rankings.projectId, rankings.userId, rankings.stage], set: row })
  return true
}

/** Ranking switched off: every member's waiting records go back to their own random order. */
export async function restoreRandomOrder(q: Q, projectId: number) {
  const members = await q
    .select({ userId: projectMembers.userId })
    .from(projectMembers)
    .where(eq(projectMembers.projectId, projectId))
  for (const { userId } of members) {
    const key = randomPlaceSql('queue.record_id', reviewerSalt(projectId, userId))
    await q
      .update(queue)
      .set({ sortKey: sql`CAST(${queue.sortKey} AS INTEGER) + ${key}` })
      .where(waitingIn(projectId, userId, STAGE))
  }
  await q.delete(rankings).where(eq(rankings.projectId, projectId))
}

/** The reviewer's last ranking, if their queue has been ranked. */
export async function rankingState(q: Q, projectId: number, userId: number) {
  const [row] = await q
    .select()
    .from(rankings)
    .where(
      and(eq(rankings.projectId, projectId), eq(rankings.userId, userId), eq(rankings.stage, STAGE))
    )
  return row
}

/**
 * How many records this reviewer has screened since their last include or maybe, counting
 * back over their most recent votes (at most `limit`; a changed vote counts once, at its
 * latest, and an undone one not at all).
 */
export async function screenedSinceInclude(
  q: Q,
  projectId: number,
  userId: number,
  limit: number
): Promise<{ count: number; capped: boolean }> {
  const rows = await q
    .select({ recordId: decisions.recordId, decision: decisions.decision })
    .from(decisions)
    .where(
      and(
        eq(decisions.projectId, projectId),
        eq(decisions.userId, userId),
        eq(decisions.stage, STAGE)
      )
    )
    .orderBy(desc(decisions.createdAt), desc(decisions.id))
    .limit(limit * 2)
  const seen = new Set<number>()
  let count = 0
  for (const { recordId, decision } of rows) {
    if (seen.has(recordId)) continue
    seen.add(recordId)
    if (decision === 'withdrawn') continue
    if (decision !== 'exclude') return { count, capped: false }
    if (++count >= limit) return { count, capped: true }
  }
  // Ran out of votes: all of them are excludes, unless the window was too small to tell.
  return { count, capped: rows.length === limit * 2 }
}
