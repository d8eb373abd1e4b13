/**
 * The outcome of one record at one stage, from the reviewers' latest ballots and an optional
 * resolution (SPEC §2.4–2.6). Pure: the queries layer stores the result in `record_stages`.
 */

export type Stage = 'title_abstract' | 'full_text'
export type Vote = 'include' | 'exclude' | 'maybe' | 'not_retrieved'
export interface Ballot {
  userId: number
  vote: Vote
  reasonId: number | null
  at: number
}
export type Status = 'pending' | 'conflict' | 'included' | 'excluded' | 'not_retrieved'
export interface Resolution {
  vote: Vote
  reasonId: number | null
}
export interface Outcome {
  status: Status
  reasonId: number | null
}
export interface HistoryEntry {
  userId: number
  vote: Vote | 'withdrawn'
  reasonId: number | null
  at: number
  id: number
}

/** The votes each stage accepts, in keyboard order. */
export const STAGE_VOTES: Record<Stage, readonly Vote[]> = {
  title_abstract: ['include', 'exclude', 'maybe'],
  full_text: ['include', 'exclude', 'not_retrieved'],
}

/** A user's mistake is a value: the message to show, or null when the vote is well formed. */
export function validateVote(stage: Stage, vote: Vote, reasonId: number | null): string | null {
  if (!STAGE_VOTES[stage].includes(vote)) {
    return stage === 'full_text'
      ? `'${vote}' is not a full-text decision: include, exclude (with a reason) or not retrieved`
      : `'${vote}' is not a title/abstract decision: include, exclude or maybe`
  }
  // PRISMA reports one reason per excluded full-text report, so the reason is mandatory there;
  // at title/abstract it is optional (SPEC §2.3).
  if (vote === 'exclude') {
    if (stage === 'full_text' && reasonId === null) return 'Choose the reason for exclusion'
    return null
  }
  if (reasonId !== null) return 'Only an exclusion carries a reason'
  return null
}

export function isSettled(status: Status): boolean {
  return status === 'included' || status === 'excluded' || status === 'not_retrieved'
}

/**
 * Rules (each a methodological choice):
 * - A resolution always wins: the resolver has seen both votes (SPEC §2.5).
 * - Fewer ballots than `needed` → pending; with two or more ballots any disagreement is a
 *   conflict and unanimity decides, also for a third reviewer or after a switch to single mode.
 * - Title/abstract: `maybe` passes like `include`; exclusion reasons there are optional, so two
 *   excludes with different reasons still exclude (the shared reason is kept, else null).
 * - Full text: two excludes must agree on the reason — PRISMA counts one reason per report, and
 *   counting each reviewer's reason would double-count the report.
 * - `not_retrieved` is a team fact recorded once, not a judgement to be made twice: one such
 *   ballot settles the record even when two votes are needed. If another reviewer assessed the
 *   record, someone did obtain the report, so the disagreement goes to the resolver.
 */
export function outcome(
  stage: Stage,
  latest: Ballot[],
  needed: 1 | 2,
  resolution?: Resolution | null
): Outcome {
  const users = new Set<number>()
  for (const b of latest) {
    assertValid(stage, b.vote, b.reasonId)
    if (users.has(b.userId)) throw new Error(`two latest ballots from user ${b.userId}`)
    users.add(b.userId)
  }
  if (resolution) {
    assertValid(stage, resolution.vote, resolution.reasonId)
    return settle(resolution.vote, resolution.reasonId)
  }
  const retrieval = latest.filter((b) => b.vote === 'not_retrieved')
  if (retrieval.length > 0) {
    return retrieval.length === latest.length
      ? { status: 'not_retrieved', reasonId: null }
      : { status: 'conflict', reasonId: null }
  }
  if (latest.length < needed) return { status: 'pending', reasonId: null }

  const passing = latest.filter((b) => b.vote !== 'exclude').length
  if (passing === latest.length) return { status: 'included', reasonId: null }
  if (passing > 0) return { status: 'conflict', reasonId: null }

  const reasons = new Set(latest.map((b) => b.reasonId))
  const shared = reasons.size === 1 ? (latest[0]?.reasonId ?? null) : null
  if (stage === 'full_text' && shared === null) return { status: 'conflict', reasonId: null }
  return { status: 'excluded', reasonId: shared }
}

function settle(vote: Vote, reasonId: number | null): Outcome {
  if (vote === 'exclude') return { status: 'excluded', reasonId }
  if (vote === 'not_retrieved') return { status: 'not_retrieved', reasonId: null }
  return { status: 'included', reasonId: null }
}

/** Stored ballots were validated on the way in: a bad one now is a broken invariant. */
function assertValid(stage: Stage, vote: Vote, reasonId: number | null): void {
  const problem = validateVote(stage, vote, reasonId)
  if (problem) throw new Error(`invalid ${stage} vote '${vote}': ${problem}`)
}

/**
 * Append-only history → each user's latest ballot. Order is (at, id): the id breaks ties between
 * changes made within the same millisecond. A `withdrawn` entry (undo) removes the user's ballot
 * rather than restoring the one before — undo means "I have not decided this record".
 */
export function latestBallots(history: HistoryEntry[]): Ballot[] {
  const sorted = [...history].sort((a, b) => a.at - b.at || a.id - b.id)
  const byUser = new Map<number, Ballot>()
  for (const h of sorted) {
    if (h.vote === 'withdrawn') byUser.delete(h.userId)
    else byUser.set(h.userId, { userId: h.userId, vote: h.vote, reasonId: h.reasonId, at: h.at })
  }
  return [...byUser.values()].sort((a, b) => a.userId - b.userId)
}
