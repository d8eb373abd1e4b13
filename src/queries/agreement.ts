import { and, count, eq, inArray, isNull, ne, sql } from 'drizzle-orm'
import type { Q } from '../db/client.ts'
import { decisions, queue, recordStages, users } from '../db/schema.ts'
import { pairAgreement, type PairAgreement } from '../domain/agreement.ts'
import type { Vote } from '../domain/screening.ts'
import { listMembers } from './projects.ts'
import type { Progress } from './queue.ts'

const STAGE = 'title_abstract' as const

export interface StandingBallot {
  recordId: number
  userId: number
  vote: Vote
  /** The record's title/abstract status now. */
  status: string
}

/**
 * Every reviewer's standing title/abstract ballot on the project's records: the latest entry
 * per reviewer and record in (time, id) order — the order `latestBallots` uses — unless it is
 * a withdrawal. Done in SQL (a window function) so that 100 000 records' history is not loaded.
 */
export async function standingBallots(q: Q, projectId: number): Promise<StandingBallot[]> {
  const ranked = q
    .select({
      recordId: decisions.recordId,
      userId: decisions.userId,
      decision: decisions.decision,
      rank: sql<number>`row_number() OVER (PARTITION BY ${decisions.recordId}, ${decisions.userId} ORDER BY ${decisions.createdAt} DESC, ${decisions.id} DESC)`.as(
        'rank'
      ),
    })
    .from(decisions)
    .where(and(eq(decisions.projectId, projectId), eq(decisions.stage, STAGE)))
    .as('ranked')
  const rows = await q
    .select({
      recordId: ranked.recordId,
      userId: ranked.userId,
      vote: ranked.decision,
      status: recordStages.status,
    })
    .from(ranked)
    .innerJoin(
      recordStages,
      and(eq(recordStages.recordId, ranked.recordId), eq(recordStages.stage, STAGE))
    )
    .where(and(eq(ranked.rank, 1), ne(ranked.decision, 'withdrawn')))
  return rows.map((r) => ({ ...r, vote: r.vote as Vote }))
}

export interface ReviewerProgress {
  userId: number
  name: string
  role: string
  /** Records this member has a standing vote on. */
  screened: number
  /** Records still waiting in this member's queue. */
  waiting: number
}

export interface NamedPair extends PairAgreement {
  names: [string, string]
}

export interface Agreement {
  pairs: NamedPair[]
  reviewers: ReviewerProgress[]
  project: Progress['project']
}

/**
 * Title/abstract agreement per reviewer pair, and each member's progress. Only aggregates leave
 * this function, and a pair's numbers count only records that are no longer pending: a record
 * both reviewers voted on is normally settled or in conflict already, and leaving out the rest
 * guarantees that no number moves because of a vote on a record still blind (SPEC §2.4).
 */
export async function agreementFor(q: Q, projectId: number): Promise<Agreement> {
  const [ballots, members, waiting, statuses] = await Promise.all([
    standingBallots(q, projectId),
    listMembers(q, projectId),
    q
      .select({ userId: queue.userId, n: count() })
      .from(queue)
      .where(and(eq(queue.projectId, projectId), eq(queue.stage, STAGE), isNull(queue.doneAt)))
      .groupBy(queue.userId),
    q
      .select({ status: recordStages.status, n: count() })
      .from(recordStages)
      .where(and(eq(recordStages.projectId, projectId), eq(recordStages.stage, STAGE)))
      .groupBy(recordStages.status),
  ])
  const pairs = pairAgreement(ballots.filter((b) => b.status !== 'pending'))

  const screened = new Map<number, number>()
  for (const b of ballots) screened.set(b.userId, (screened.get(b.userId) ?? 0) + 1)
  const waitingBy = new Map(waiting.map((w) => [w.userId, w.n]))

  // Pairs may name people who have since left the project: their votes still count.
  const names = new Map(members.map((m) => [m.userId, m.name]))
  const missing = [...new Set(pairs.flatMap((p) => p.reviewers))].filter((id) => !names.has(id))
  if (missing.length > 0) {
    const former = await q
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(inArray(users.id, missing))
    for (const u of former) names.set(u.id, u.name)
  }
  const statusCount = (status: string) => statuses.find((s) => s.status === status)?.n ?? 0
  const total = statuses.reduce((n, s) => n + s.n, 0)
  const pending = statusCount('pending')
  const conflict = statusCount('conflict')
  const nameOf = (id: number) => names.get(id) ?? `user ${id}`

  return {
    pairs: pairs.map((p) => ({ ...p, names: [nameOf(p.reviewers[0]), nameOf(p.reviewers[1])] })),
    reviewers: members.map((m) => ({
      userId: m.userId,
      name: m.name,
      role: m.role,
      screened: screened.get(m.userId) ?? 0,
      waiting: waitingBy.get(m.userId) ?? 0,
    })),
    project: { total, pending, conflict, settled: total - pending - conflict },
  }
}

/** The agreement JSON (exactly these keys): kappa is null when it is undefined. */
export function agreementJson(a: Agreement) {
  return {
    pairs: a.pairs.map((p) => ({
      reviewers: p.reviewers,
      both_screened: p.bothScreened,
      agreement: p.agreement,
      kappa: p.kappa,
    })),
  }
}
