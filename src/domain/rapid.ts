/**
 * Rapid mode (SPEC §2.4), after the Cochrane Rapid Reviews Methods Group (Nussbaumer-Streit et
 * al., BMJ Evid Based Med 2023;28:418–423): "screen a proportion (eg, 20%) of records dually at
 * the title/abstract level until sufficient reviewer agreement is achieved, then proceed with
 * single-reviewer screening".
 *
 * Division of work: the domain decides which records are dual (`calibrationPlan`) and when the
 * phase changes (`rapidState`); the queries layer stores each record's votes needed
 * (`votesNeeded`) and, while calibrating, queues only the calibration records.
 */
import { pairAgreement, type AgreementBallot } from './agreement.ts'

export type RapidPhase = 'calibrating' | 'single'
export interface RapidBatch {
  recordIds: number[]
  /** Every record of the batch has two votes (or is settled). */
  complete: boolean
  /** This batch's kappa (`calibrationKappa` over its ballots); null when undefined. */
  kappa: number | null
}
export interface RapidState {
  phase: RapidPhase
  reason: string
  nextBatchNeeded: boolean
}

const TWO_32 = 2 ** 32
// Kappa is a ratio of integers; a threshold like 0.6 must not fail on the last binary digit.
const EPSILON = 1e-9

function fmix32(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

function hashString(s: string, salt: number): number {
  let h = salt >>> 0
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193)
  return fmix32(h)
}

/**
 * A stable pseudo-random key in [0, 1) for (seed, id): the same inputs give the same key on
 * every run and every machine, so a stored `queue.sort_key` and a recomputed one agree. A
 * reviewer's own order uses a per-reviewer seed such as `${projectId}:${userId}`. Numbers and
 * their decimal strings are the same seed. 53 bits, so ties are vanishingly rare.
 */
export function sortKey(seed: number | string, id: number): number {
  const s = String(seed)
  const x = fmix32((id >>> 0) + Math.imul(Math.floor(id / TWO_32) >>> 0, 0x9e3779b1))
  const high = fmix32(hashString(s, 0x811c9dc5) ^ x) >>> 11
  const low = fmix32(hashString(s, 0x2545f491) ^ x)
  return (high * TWO_32 + low) / 2 ** 53
}

/** Ids in the seed's stable random order (duplicates dropped; ties broken by id). */
export function stableOrder(ids: readonly number[], seed: number | string): number[] {
  return [...new Set(ids)]
    .map((id) => ({ id, key: sortKey(seed, id) }))
    .sort((a, b) => a.key - b.key || a.id - b.id)
    .map((e) => e.id)
}

/** Records per calibration batch: the share of all records, rounded up, at least one. */
export function batchSize(total: number, share: number): number {
  if (!(share > 0 && share <= 1)) throw new RangeError(`calibration share ${share} not in (0, 1]`)
  if (total <= 0) return 0
  return Math.min(total, Math.max(1, Math.ceil(total * share - EPSILON)))
}

/**
 * The records that need two votes after `batches` calibration batches: consecutive slices of
 * the seed's stable order, so opening batch k+1 never moves a record of batches 1..k. A later
 * import reshuffles the slices; the stored votes needed then stay as they are for records
 * already dual (a record never goes from two votes needed back to one while calibrating).
 */
export function calibrationPlan(input: {
  recordIds: number[]
  share: number
  seed: number | string
  batches: number
}): { dual: Set<number>; batches: number[][] } {
  const order = stableOrder(input.recordIds, input.seed)
  const size = batchSize(order.length, input.share)
  const batches: number[][] = []
  for (let k = 0; k < input.batches && k * size < order.length; k++) {
    batches.push(order.slice(k * size, (k + 1) * size))
  }
  return { dual: new Set(batches.flat()), batches }
}

/**
 * Batches are judged in order, each on its own kappa: a new batch after discussing the
 * conflicts asks whether agreement is good *now*, so earlier disagreement is not carried over.
 * Undefined kappa (every record in one category) is not evidence of agreement: dual goes on.
 * Once a batch reaches the threshold the phase is single for good.
 */
export function rapidState(input: {
  share: number
  threshold: number
  batches: RapidBatch[]
  /** Records not yet in any batch; when 0 there is nothing left to calibrate on. */
  unbatched?: number
}): RapidState {
  const pct = `${Math.round(input.share * 1000) / 10} %`
  const bar = input.threshold.toFixed(2)
  const left = input.unbatched ?? Infinity
  if (input.batches.length === 0) {
    return {
      phase: 'calibrating',
      reason: `Calibration: a random ${pct} of records is dual-screened first`,
      nextBatchNeeded: left > 0,
    }
  }
  let last = ''
  for (const [i, batch] of input.batches.entries()) {
    const k = i + 1
    if (!batch.complete) {
      return {
        phase: 'calibrating',
        reason: `Calibration batch ${k} (${batch.recordIds.length} records) is being dual-screened`,
        nextBatchNeeded: false,
      }
    }
    if (batch.kappa !== null && batch.kappa >= input.threshold - EPSILON) {
      return {
        phase: 'single',
        reason: `Batch ${k}: κ = ${batch.kappa.toFixed(2)} ≥ ${bar}; the rest is single-screened`,
        nextBatchNeeded: false,
      }
    }
    last =
      batch.kappa === null
        ? `Batch ${k}: κ undefined (every vote in one category)`
        : `Batch ${k}: κ = ${batch.kappa.toFixed(2)} < ${bar}`
  }
  if (left <= 0) {
    return {
      phase: 'calibrating',
      reason: `${last}; every record has been dual-screened`,
      nextBatchNeeded: false,
    }
  }
  return {
    phase: 'calibrating',
    reason: `${last}; the next ${pct} batch is dual-screened too`,
    nextBatchNeeded: true,
  }
}

/**
 * A batch's kappa: the lowest over reviewer pairs, null when no pair overlaps or any pair's
 * kappa is undefined. In single mode each reviewer decides alone, so every pair must agree —
 * an average would let one well-calibrated pair hide an uncalibrated reviewer.
 */
export function calibrationKappa(ballots: AgreementBallot[]): number | null {
  const pairs = pairAgreement(ballots)
  if (pairs.length === 0) return null
  let min = Infinity
  for (const p of pairs) {
    if (p.kappa === null) return null
    min = Math.min(min, p.kappa)
  }
  return min
}

/** While calibrating every record screened is dual (safe default); then only the sample. */
export function votesNeeded(phase: RapidPhase, inCalibration: boolean): 1 | 2 {
  return phase === 'calibrating' || inCalibration ? 2 : 1
}
