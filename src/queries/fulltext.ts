import { and, asc, count, eq, sql } from 'drizzle-orm'
import { citation } from './records.ts'
import { nextInQueue } from './queue.ts'
import type { Q } from '../db/client.ts'
import { fullTexts, records, recordStages, users } from '../db/schema.ts'
import { audit } from './audit.ts'

export type FullText = typeof fullTexts.$inferSelect

export const FULL_TEXT_PAGE = 50

/**
 * The records at full text, with where each stands, whether a full text is attached, and
 * whether it waits for the caller. No votes: those stay blind until conflict or decision.
 */
export async function listFullText(
  q: Q,
  projectId: number,
  userId: number,
  filter: 'mine' | 'all',
  page = 1
) {
  const waiting = sql<number>`EXISTS (SELECT 1 FROM queue WHERE queue.record_id = ${recordStages.recordId} AND queue.stage = 'full_text' AND queue.user_id = ${userId} AND queue.done_at IS NULL)`
  const where = and(
    eq(recordStages.projectId, projectId),
    eq(recordStages.stage, 'full_text'),
    filter === 'mine' ? sql`${waiting}` : undefined
  )
  const [rows, [total]] = await Promise.all([
    q
      .select({
        ...citation,
        status: recordStages.status,
        attached: fullTexts.kind,
        waitingForMe: waiting,
      })
      .from(recordStages)
      .innerJoin(records, eq(records.id, recordStages.recordId))
      .leftJoin(fullTexts, eq(fullTexts.recordId, recordStages.recordId))
      .where(where)
      .orderBy(asc(records.id))
      .limit(FULL_TEXT_PAGE)
      .offset((page - 1) * FULL_TEXT_PAGE),
    q.select({ n: count() }).from(recordStages).where(where),
  ])
  return {
    rows: rows.map((r) => ({ ...r, waitingForMe: Boolean(r.waitingForMe) })),
    total: total?.n ?? 0,
  }
}

/** The next record at full text waiting for the caller, in their own order. */
export function nextFullText(q: Q, projectId: number, userId: number) {
  return nextInQueue(q, projectId, userId, 'full_text')
}

export async function findFullText(q: Q, projectId: number, recordId: number) {
  const [row] = await q
    .select({ fullText: fullTexts, addedBy: users.name })
    .from(fullTexts)
    .leftJoin(users, eq(users.id, fullTexts.addedBy))
    .where(and(eq(fullTexts.projectId, projectId), eq(fullTexts.recordId, recordId)))
  return row
}

/** Attaches (or replaces) a record's full text: a stored PDF or a link. Returns the one replaced. */
export async function attachFullText(
  q: Q,
  input: {
    projectId: number
    recordId: number
    kind: 'pdf' | 'link'
    location: string
    fileName: string | null
    size: number | null
    userId: number
    now: number
  }
): Promise<FullText | undefined> {
  const [previous] = await q.select().from(fullTexts).where(eq(fullTexts.recordId, input.recordId))
  const values = {
    projectId: input.projectId,
    kind: input.kind,
    location: input.location,
    fileName: input.fileName,
    size: input.size,
    addedBy: input.userId,
    addedAt: input.now,
  }
  await q
    .insert(fullTexts)
    .values({ recordId: input.recordId, ...values })
    .onConflictDoUpdate({ target: fullTexts.recordId, set: values })
  await audit(q, {
    projectId: input.projectId,
    userId: input.userId,
    action: 'fulltext.attach',
    detail: {
      recordId: input.recordId,
      kind: input.kind,
      fileName: input.fileName,
      replaced: previous?.kind ?? null,
    },
    at: input.now,
  })
  return previous
}

/** Is the record at the full-text stage of this project? */
export async function atFullText(q: Q, projectId: number, recordId: number) {
  const [row] = await q
    .select({ status: recordStages.status })
    .from(recordStages)
    .where(
      and(
        eq(recordStages.projectId, projectId),
        eq(recordStages.recordId, recordId),
        eq(recordStages.stage, 'full_text')
      )
    )
  return row
}
