/**
 * Bounded edit distance for comparing title keys (SPEC §2.2). Titles are compared thousands of
 * times per import, so the distance is computed only near the diagonal and abandoned early.
 */

/**
 * Rows reused between calls: allocating three typed arrays per comparison cost more than the
 * comparison itself. Every cell read is written first in the same call, so no state leaks.
 */
type Rows = [Int32Array, Int32Array, Int32Array]
let scratch: Rows = [new Int32Array(256), new Int32Array(256), new Int32Array(256)]

/**
 * Optimal-string-alignment distance (insert, delete, substitute, swap two adjacent letters),
 * computed only in a band of width `max` around the diagonal, stopping as soon as every cell of
 * a row exceeds `max`. Returns `max + 1` when the distance is larger than `max`.
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0
  const la = a.length
  const lb = b.length
  if (Math.abs(la - lb) > max) return max + 1
  const band = Math.min(max, Math.max(la, lb))
  const big = band + 1
  if (scratch[0].length <= lb) scratch = [0, 1, 2].map(() => new Int32Array(lb * 2)) as Rows
  let [before, prev, cur] = scratch
  for (let j = 0; j <= lb; j++) prev[j] = j <= band ? j : big
  for (let i = 1; i <= la; i++) {
    const lo = Math.max(1, i - band)
    const hi = Math.min(lb, i + band)
    cur[0] = i <= band ? i : big
    if (lo > 1) cur[lo - 1] = big
    // Column 0 counts: with `b` empty, or near it, the row's only cheap cell may be there.
    let rowMin = cur[0]!
    const ca = a.charCodeAt(i - 1)
    // Typed arrays are never sparse here: every index read lies in 0..lb, written above.
    for (let j = lo; j <= hi; j++) {
      const cb = b.charCodeAt(j - 1)
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ca === cb ? 0 : 1))
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        v = Math.min(v, before[j - 2]! + 1)
      }
      cur[j] = v
      if (v < rowMin) rowMin = v
    }
    if (hi < lb) cur[hi + 1] = big
    if (rowMin > max) return max + 1
    const spare = before
    before = prev
    prev = cur
    cur = spare
  }
  const distance = prev[lb]!
  return distance > max ? max + 1 : distance
}
