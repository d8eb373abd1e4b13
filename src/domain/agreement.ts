/**
 * Agreement between reviewers at title/abstract (SPEC §2.4): per pair, over the records both
 * screened, % agreement and Cohen's kappa on the binary "passes" (include or maybe) vs exclude.
 */
import type { Vote } from './screening.ts'

export interface KappaTable {
  /** Both say the record passes (include/maybe). */
  yesYes: number
  /** The lower-id reviewer passes it, the other excludes it. */
  yesNo: number
  noYes: number
  noNo: number
}
export interface PairAgreement {
  reviewers: [number, number]
  bothScreened: number
  /** Observed proportion of agreement, 0..1. */
  agreement: number
  kappa: number | null
  table: KappaTable
}
export interface AgreementBallot {
  recordId: number
  userId: number
  vote: Vote
}

/**
 * Cohen (1960): κ = (pₒ − pₑ) / (1 − pₑ). Computed on counts, κ = (n·a − S) / (n² − S) with
 * a = agreements and S = Σ row total × column total, so that no rounding enters before the
 * final division.
 *
 * Hand check, the classic 2×2 example (20, 5, 10, 15; n = 50):
 *   pₒ = (20 + 15) / 50 = 0.70; reviewer A passes 25/50 = 0.5, reviewer B passes 30/50 = 0.6
 *   pₑ = 0.5·0.6 + 0.5·0.4 = 0.50; κ = (0.70 − 0.50) / (1 − 0.50) = 0.40
 *   on counts: (50·35 − (25·30 + 25·20)) / (2500 − 1250) = 500 / 1250 = 0.4
 *
 * When pₑ = 1 (both reviewers put every record in one category) κ is 0/0: undefined, and we
 * return null — even when pₒ = 1. Perfect agreement on "exclude everything" says nothing about
 * whether the reviewers would agree on an includable record, which is what calibration asks.
 * This is the convention of scikit-learn's cohen_kappa_score (NaN by default, kept in
 * scikit-learn issue #14256, whose maintainers cite TensorFlow Addons doing the same); screens
 * show "—".
 * No records at all is undefined too.
 */
export function cohensKappa(table: KappaTable): number | null {
  const { yesYes, yesNo, noYes, noNo } = table
  const n = yesYes + yesNo + noYes + noNo
  const s = (yesYes + yesNo) * (yesYes + noYes) + (noYes + noNo) * (yesNo + noNo)
  if (n === 0 || s === n * n) return null
  return (n * (yesYes + noNo) - s) / (n * n - s)
}

/** `not_retrieved` is a full-text fact, not a screening judgement: it is left out of agreement. */
function passes(vote: Vote): boolean | null {
  if (vote === 'not_retrieved') return null
  return vote !== 'exclude'
}

/**
 * Every pair of reviewers who screened at least one record in common, sorted by ids; within a
 * pair the lower id is the table's first reviewer. The input must be latest ballots only (one
 * per reviewer and record, see `latestBallots`); a second ballot is a broken invariant.
 */
export function pairAgreement(ballots: AgreementBallot[]): PairAgreement[] {
  const byRecord = new Map<number, Map<number, boolean>>()
  for (const b of ballots) {
    const pass = passes(b.vote)
    if (pass === null) continue
    let votes = byRecord.get(b.recordId)
    if (!votes) byRecord.set(b.recordId, (votes = new Map()))
    if (votes.has(b.userId)) {
      throw new Error(`two ballots from user ${b.userId} on record ${b.recordId}`)
    }
    votes.set(b.userId, pass)
  }

  const tables = new Map<string, { reviewers: [number, number]; table: KappaTable }>()
  for (const votes of byRecord.values()) {
    const users = [...votes.keys()].sort((x, y) => x - y)
    for (let i = 0; i < users.length; i++) {
      for (let j = i + 1; j < users.length; j++) {
        const a = users[i]!
        const b = users[j]!
        const key = `${a}:${b}`
        let entry = tables.get(key)
        if (!entry) {
          entry = { reviewers: [a, b], table: { yesYes: 0, yesNo: 0, noYes: 0, noNo: 0 } }
          tables.set(key, entry)
        }
        const cell = votes.get(a)
          ? votes.get(b)
            ? 'yesYes'
            : 'yesNo'
          : votes.get(b)
            ? 'noYes'
            : 'noNo'
        entry.table[cell]++
      }
    }
  }

  return [...tables.values()]
    .map(({ reviewers, table }) => {
      const bothScreened = table.yesYes + table.yesNo + table.noYes + table.noNo
      const agreement = (table.yesYes + table.noNo) / bothScreened
      return { reviewers, bothScreened, agreement, kappa: cohensKappa(table), table }
    })
    .sort((x, y) => x.reviewers[0] - y.reviewers[0] || x.reviewers[1] - y.reviewers[1])
}
