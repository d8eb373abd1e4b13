/**
 * How good a screening order was, given every record's true label in the order screened.
 *
 * - Work saved over sampling (Cohen et al. 2006, JAMIA 13:206): at the point where a share R of
 *   the relevant records has been found, WSS@R = (TN + FN) / N − (1 − R), where TN + FN are the
 *   records not yet screened. Random order saves nothing on average (WSS ≈ 0); the best order
 *   for a set with p relevant records of N gives WSS@100 = 1 − p/N.
 * - "Found R" means ⌈R · relevant⌉ relevant records found (95 of 100; 266 of 280).
 * - Recall after screening a share x: relevant found among the first round(x · N) records,
 *   over all relevant (ASReview's RRF@x).
 */
import type { Label } from './model.ts'

export interface ScreeningMetrics {
  records: number
  relevant: number
  wss95: number
  wss100: number
  recallAt10pct: number
  recallAt20pct: number
  /** Records screened until 95 % of the relevant ones were found. */
  screenedFor95pct: number
}

// A share times a count must not miss its integer by a last bit: 0.07 · 100 is 7.000000000000001
// in binary, and ⌈·⌉ would then ask for 8 of 100.
const EPSILON = 1e-9

function countRelevant(labels: readonly Label[]): number {
  let relevant = 0
  for (const y of labels) relevant += y
  if (relevant === 0) throw new RangeError('no relevant record: recall is undefined')
  return relevant
}

/** Records screened (1-based position) when ⌈recall · relevant⌉ relevant records are found. */
export function screenedFor(labels: readonly Label[], recall: number): number {
  if (!(recall > 0 && recall <= 1)) throw new RangeError(`recall ${recall} not in (0, 1]`)
  const needed = Math.max(1, Math.ceil(recall * countRelevant(labels) - EPSILON))
  let found = 0
  for (let i = 0; i < labels.length; i++) {
    found += labels[i]!
    if (found >= needed) return i + 1
  }
  throw new Error('unreachable: the needed records are among the labels')
}

export function wss(labels: readonly Label[], recall: number): number {
  const n = labels.length
  return (n - screenedFor(labels, recall)) / n - (1 - recall)
}

export function recallAt(labels: readonly Label[], share: number): number {
  const relevant = countRelevant(labels)
  const screened = Math.round(share * labels.length)
  let found = 0
  for (let i = 0; i < screened; i++) found += labels[i]!
  return found / relevant
}

export function screeningMetrics(labels: readonly Label[]): ScreeningMetrics {
  return {
    records: labels.length,
    relevant: countRelevant(labels),
    wss95: wss(labels, 0.95),
    wss100: wss(labels, 1),
    recallAt10pct: recallAt(labels, 0.1),
    recallAt20pct: recallAt(labels, 0.2),
    screenedFor95pct: screenedFor(labels, 0.95),
  }
}
