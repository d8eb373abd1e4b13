import { and, asc, count, desc, eq, inArray } from 'drizzle-orm'
import { citation } from './records.ts'
import type { Q } from '../db/client.ts'
import {
  decisions,
  exclusionReasons,
  records,
  recordStages,
  resolutions,
  users,
  type Stage,
} from '../db/schema.ts'
import { latestBallots, type Vote } from '../domain/screening.ts'

export const CONFLICTS_PER_PAGE = 20
export const RESOLVED_SHOWN = 50

export interface ConflictVote {
  userId: number
  name: string
  vote: Vote
  reason: string | null
  note: string
  at: number
}

export interface ConflictCard {
  id: number
  title: string | null
  authors: string[]
  year: number | null
  journal: string | null
  doi: string | null
  abstract: string | null
  /** When the record went into conflict. */
  since: number | null
  votes: ConflictVote[]
}

const inConflict = (projectId: number, stage: Stage) =>
  and(
    eq(recordStages.projectId, projectId),
    eq(recordStages.stage, stage),
    eq(recordStages.status, 'conflict')
  )

export async function countConflicts(q: Q, projectId: number, stage: Stage): Promise<number> {
  const [row] = await q
    .select({ n: count() })
    .from(recordStages)
    .where(inConflict(projectId, stage))
  return row?.n ?? 0
}

/**
 * One page of records in conflict, oldest conflict first, each with every reviewer's standing
 * vote and note. Conflict ends blindness (SPEC §2.5), and only then: the votes are read in a
 * statement that itself requires the conflict status, so a record that left conflict meanwhile
 * (a vote withdrawn) shows nobody's vote and is dropped from the page.
 */
export async function listConflicts(
  q: Q,
  projectId: number,
  stage: Stage,
  page: number
): Promise<ConflictCard[]> {
  const cards = await q
    .select({
      ...citation,
      doi: records.doi,
      abstract: records.abstract,
      since: recordStages.settledAt,
    })
    .from(recordStages)
    .innerJoin(records, eq(records.id, recordStages.recordId))
    .where(inConflict(projectId, stage))
    .orderBy(asc(recordStages.settledAt), asc(recordStages.recordId))
    .limit(CONFLICTS_PER_PAGE)
    .offset((page - 1) * CONFLICTS_PER_PAGE)
  if (cards.length === 0) return []

  const rows = await q
    .select({
      id: decisions.id,
      recordId: decisions.recordId,
      userId: decisions.userId,
      name: users.name,
      decision: decisions.decision,
      reasonId: decisions.reasonId,
      reason: exclusionReasons.label,
      note: decisions.note,
      at: decisions.createdAt,
    })
    .from(decisions)
    .innerJoin(
      recordStages,
      and(eq(recordStages.recordId, decisions.recordId), eq(recordStages.stage, decisions.stage))
    )
    .innerJoin(users, eq(users.id, decisions.userId))
    .leftJoin(exclusionReasons, eq(exclusionReasons.id, decisions.reasonId))
    .where(
      and(
        inConflict(projectId, stage),
        inArray(
          decisions.recordId,
          cards.map((c) => c.id)
        )
      )
    )
  const byRecord = new Map<number, HistoryRow[]>()
  for (const row of rows) {
    const list = byRecord.get(row.recordId)
    if (list) list.push(row)
    else byRecord.set(row.recordId, [row])
  }
  return cards.flatMap((card) => {
    const history = byRecord.get(card.id) ?? []
    const votes = standingVotes(history)
    return votes.length === 0 ? [] : [{ ...card, votes }]
  })
}

type HistoryRow = {
  id: number
  userId: number
  name: string
  decision: string
  reasonId: number | null
  reason: string | null
  note: string
  at: number
}

/** Each reviewer's standing ballot (`latestBallots` decides), with the note it was cast with. */
function standingVotes(history: HistoryRow[]): ConflictVote[] {
  const ballots = latestBallots(
    history.map((h) => ({
      id: h.id,
      userId: h.userId,
      vote: h.decision as Vote | 'withdrawn',
      reasonId: h.reasonId,
      at: h.at,
    }))
  )
  return ballots.map((b) => {
    // The ballot is the user's last entry in (at, id) order: the highest id at that time.
    const row = history
      .filter((h) => h.userId === b.userId && h.at === b.at)
      .reduce((x, y) => (y.id > x.id ? y : x))
    return {
      userId: b.userId,
      name: row.name,
      vote: b.vote,
      reason: row.reason,
      note: row.note,
      at: b.at,
    }
  })
}

export interface ResolvedRow {
  id: number
  recordId: number
  title: string | null
  decision: string
  reason: string | null
  note: string
  by: string
  at: number
}

/** The most recent resolutions, newest first, with who resolved and when. */
export async function listResolved(
  q: Q,
  projectId: number,
  stage: Stage
): Promise<{ rows: ResolvedRow[]; total: number }> {
  const where = and(eq(resolutions.projectId, projectId), eq(resolutions.stage, stage))
  const [rows, [total]] = await Promise.all([
    q
      .select({
        id: resolutions.id,
        recordId: resolutions.recordId,
        title: records.title,
        decision: resolutions.decision,
        reason: exclusionReasons.label,
        note: resolutions.note,
        by: users.name,
        at: resolutions.createdAt,
      })
      .from(resolutions)
      .innerJoin(records, eq(records.id, resolutions.recordId))
      .innerJoin(users, eq(users.id, resolutions.userId))
      .leftJoin(exclusionReasons, eq(exclusionReasons.id, resolutions.reasonId))
      .where(where)
      .orderBy(desc(resolutions.createdAt), desc(resolutions.id))
      .limit(RESOLVED_SHOWN),
    q.select({ n: count() }).from(resolutions).where(where),
  ])
  return { rows, total: total?.n ?? 0 }
}
