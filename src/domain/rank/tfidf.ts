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

export function tfidf(texts: readonly string[], options: TfidfOptions = {}): Tfidf {
  const { minDf = 1, sublinear = true } = options
  const ids = new Map<string, number>()
  const df: number[] = []
  const docs: Int32Array[] = []
  const seen: number[] = []
  for (const [d, text] of texts.entries()) {
    const tokens = tokenize(text, options)
    const row = new Int32Array(tokens.length)
    for (const [i, token] of tokens.entries()) {
      let id = ids.get(token)
      if (id === undefined) {
        id = df.length
        ids.set(token, id)
        df.push(0)
        seen.push(-1)
      }
      row[i] = id
      if (seen[id] !== d) {
        seen[id] = d
        df[id]!++
      }
    }
    docs.push(row)
  }

  // Columns in order of first appearance, so the same texts always give the same matrix.
  const column = new Int32Array(df.length).fill(-1)
  const terms: string[] = []
  for (const [term, id] of ids) {
    if (df[id]! >= minDf) {
      column[id] = terms.length
      terms.push(term)
    }
  }
  const n = texts.length
  const idf = new Float64Array(terms.length)
  for (const [id, count] of df.entries()) {
    const j = column[id]!
    if (j >= 0) idf[j] = Math.log((1 + n) / (1 + count)) + 1
  }

  const indptr = new Int32Array(n + 1)
  const indices: number[] = []
  const values: number[] = []
  const counts = new Map<number, number>()
  for (const [d, row] of docs.entries()) {
    counts.clear()
    for (const id of row) {
      const j = column[id]!
      if (j >= 0) counts.set(j, (counts.get(j) ?? 0) + 1)
    }
    const cols = [...counts.keys()].sort((a, b) => a - b)
    let norm = 0
    const start = values.length
    for (const j of cols) {
      const count = counts.get(j)!
      const w = (sublinear ? 1 + Math.log(count) : count) * idf[j]!
      indices.push(j)
      values.push(w)
      norm += w * w
    }
    norm = Math.sqrt(norm)
    if (norm > 0) for (let k = start; k < values.length; k++) values[k]! /= norm
    indptr[d + 1] = values.length
  }
  return {
    rows: n,
    cols: terms.length,
    indptr,
    indices: Int32Array.from(indices),
    values: Float32Array.from(values),
    terms,
    idf,
  }
}

/** Row r as a map from term to weight (for tests and explanations). */
export function rowWeights(m: Tfidf, r: number): Map<string, number> {
  const out = new Map<string, number>()
  for (let k = m.indptr[r]!; k < m.indptr[r + 1]!; k++)
    out.set(m.terms[m.indices[k]!]!, m.values[k]!)
  return out
}
