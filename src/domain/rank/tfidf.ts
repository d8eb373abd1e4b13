/**
 * TF-IDF vectors of a whole project's records, built once and reused by every retraining
 * (the model changes after each decision; the records' vectors do not).
 *
 * Weight of term t in document d, as scikit-learn's `TfidfVectorizer(sublinear_tf=True)`:
 *   tf  = 1 + ln(count of t in d)                 (sublinear: the 5th "nudge" adds little)
 *   idf = ln((1 + n) / (1 + df(t))) + 1           (smoothed; n documents, df(t) containing t)
 *   w   = tf · idf, then each row scaled to unit length (l2), so long abstracts do not dominate.
 * Terms in fewer than `minDf` documents are dropped: a word seen in one record cannot carry
 * what was learnt on one record to another.
 */
import { tokenize, type TokenizeOptions } from './tokenize.ts'

/** Compressed sparse rows: row r's entries are `indices/values[indptr[r] .. indptr[r + 1])`. */
export interface SparseMatrix {
  rows: number
  cols: number
  indptr: Int32Array
  indices: Int32Array
  values: Float32Array
}

export interface TfidfOptions extends TokenizeOptions {
  /** Keep terms found in at least this many documents (default 1: all). */
  minDf?: number
  /** 1 + ln(tf) instead of the raw count (default true). */
  sublinear?: boolean
}

export interface Tfidf extends SparseMatrix {
  /** Column j's term. */
  terms: string[]
  idf: Float64Array
}

/** Word ids below this pair into one safe integer (2^26 · 2^26 < 2^53). */
const PAIR = 2 ** 26

export function tfidf(texts: readonly string[], options: TfidfOptions = {}): Tfidf {
  const { minDf = 1, sublinear = true } = options
  // Term ids in order of first appearance: a record's words, then its word pairs. Pairs are
  // looked up by their two word ids (a number), not by a joined string: at 20 000 records that
  // halves the time to build the matrix. The result is the same as tokenizing with bigrams.
  const words = new Map<string, number>()
  const pairs = new Map<number, number>()
  const terms: string[] = []
  const wordTerm: number[] = [] // word id → term id
  const wordText: string[] = []
  const df: number[] = []
  const docs: Int32Array[] = []
  const seen: number[] = []
  const newTerm = (text: string) => {
    terms.push(text)
    df.push(0)
    seen.push(-1)
    return terms.length - 1
  }
  for (const [d, text] of texts.entries()) {
    const tokens = tokenize(text)
    const wordIds = new Int32Array(tokens.length)
    const pairCount = options.bigrams ? Math.max(0, tokens.length - 1) : 0
    const row = new Int32Array(tokens.length + pairCount)
    for (const [i, token] of tokens.entries()) {
      let w = words.get(token)
      if (w === undefined) {
        w = wordText.length
        words.set(token, w)
        wordText.push(token)
        wordTerm.push(newTerm(token))
      }
      wordIds[i] = w
      row[i] = wordTerm[w]!
    }
    for (let i = 0; i < pairCount; i++) {
      const key = wordIds[i]! * PAIR + wordIds[i + 1]!
      let t = pairs.get(key)
      if (t === undefined) {
        t = newTerm(`${wordText[wordIds[i]!]} ${wordText[wordIds[i + 1]!]}`)
        pairs.set(key, t)
      }
      row[tokens.length + i] = t
    }
    for (const t of row) {
      if (seen[t] !== d) {
        seen[t] = d
        df[t]!++
      }
    }
    docs.push(row)
  }

  // Columns: the terms in at least minDf documents, in order of first appearance.
  const column = new Int32Array(terms.length).fill(-1)
  const kept: string[] = []
  for (let t = 0; t < terms.length; t++) {
    if (df[t]! >= minDf) {
      column[t] = kept.length
      kept.push(terms[t]!)
    }
  }
  const n = texts.length
  const idf = new Float64Array(kept.length)
  for (let t = 0; t < terms.length; t++) {
    const j = column[t]!
    if (j >= 0) idf[j] = Math.log((1 + n) / (1 + df[t]!)) + 1
  }

  const indptr = new Int32Array(n + 1)
  let nnz = 0
  const cols: Int32Array[] = []
  for (const row of docs) {
    // A row's columns, sorted: equal columns side by side, counted as runs.
    let m = 0
    const mapped = new Int32Array(row.length)
    for (const t of row) {
      const j = column[t]!
      if (j >= 0) mapped[m++] = j
    }
    const sorted = mapped.subarray(0, m).sort()
    cols.push(sorted)
    let distinct = 0
    for (let k = 0; k < m; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) distinct++
    nnz += distinct
  }
  const indices = new Int32Array(nnz)
  const values = new Float32Array(nnz)
  let buffer = new Float64Array(64)
  let at = 0
  for (const [d, sorted] of cols.entries()) {
    const start = at
    let norm = 0
    if (buffer.length < sorted.length) buffer = new Float64Array(sorted.length)
    for (let k = 0; k < sorted.length;) {
      const j = sorted[k]!
      let count = 0
      while (k < sorted.length && sorted[k] === j) {
        count++
        k++
      }
      const w = (sublinear ? 1 + Math.log(count) : count) * idf[j]!
      indices[at] = j
      buffer[at - start] = w
      norm += w * w
      at++
    }
    norm = Math.sqrt(norm)
    for (let k = start; k < at; k++) values[k] = norm > 0 ? buffer[k - start]! / norm : 0
    indptr[d + 1] = at
  }
  return { rows: n, cols: kept.length, indptr, indices, values, terms: kept, idf }
}

/** Row r as a map from term to weight (for tests and explanations). */
export function rowWeights(m: Tfidf, r: number): Map<string, number> {
  const out = new Map<string, number>()
  for (let k = m.indptr[r]!; k < m.indptr[r + 1]!; k++)
    out.set(m.terms[m.indices[k]!]!, m.values[k]!)
  return out
}
