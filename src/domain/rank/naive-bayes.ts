/**
 * Multinomial naive Bayes over TF-IDF rows (ASReview's default model family), with two
 * additions that matter when relevant records are rare and few are labelled:
 *
 * - per class c, θ_cj = (F_cj + α) / (Σ_j F_cj + α·V), F_cj the summed TF-IDF of term j over
 *   the class's rows, each row weighted by its class weight (`classWeights`); the score of a
 *   row is Σ_j x_j · ln(θ_1j / θ_0j) plus a bias.
 * - `background`: every unlabelled row also counts towards the excludes, with this weight.
 *   Most unlabelled records are irrelevant, so early on, with a handful of excludes, they tell
 *   the model what an ordinary record of this search looks like (the "presumed non-relevant"
 *   documents of Cormack & Grossman's continuous active learning).
 *
 * Naive Bayes log-odds are far too confident (the terms are not independent), so the bias is
 * not the class prior: `calibrate` fits σ(a·s + b) (Platt 1999) to leave-one-out scores of
 * the labelled rows, which naive Bayes gives at the cost of one more pass over them.
 */
import { classWeights, sigmoid, type Label, type LinearModel } from './model.ts'
import type { SparseMatrix } from './tfidf.ts'

export interface NaiveBayesOptions {
  /** Additive smoothing (default 1). */
  alpha?: number
  balance?: boolean
  includeWeight?: number
  /** Weight of each unlabelled row as a presumed exclude (default 0: none). */
  background?: number
}

interface Counts {
  /** Weighted TF-IDF sums per term and class, and their totals. */
  f: [Float64Array, Float64Array]
  t: [number, number]
  /** Weight of a labelled row of each class. */
  c: [number, number]
}

function count(
  x: SparseMatrix,
  rows: readonly number[],
  labels: readonly Label[],
  options: NaiveBayesOptions
): Counts {
  const { balance = true, includeWeight = 1, background = 0 } = options
  const c = classWeights(labels, balance, includeWeight)
  const f: Counts['f'] = [new Float64Array(x.cols), new Float64Array(x.cols)]
  const t: Counts['t'] = [0, 0]
  const add = (r: number, y: Label, weight: number) => {
    const fy = f[y]
    let sum = 0
    for (let k = x.indptr[r]!; k < x.indptr[r + 1]!; k++) {
      fy[x.indices[k]!]! += weight * x.values[k]!
      sum += x.values[k]!
    }
    t[y] += weight * sum
  }
  const labelled = new Uint8Array(x.rows)
  for (const [i, r] of rows.entries()) {
    labelled[r] = 1
    add(r, labels[i]!, c[labels[i]!])
  }
  if (background > 0) for (let r = 0; r < x.rows; r++) if (!labelled[r]) add(r, 0, background)
  return { f, t, c }
}

/** The log-likelihood ratios, bias 0 (see `calibrate` for the bias and the scale). */
export function trainNaiveBayes(
  x: SparseMatrix,
  rows: readonly number[],
  labels: readonly Label[],
  options: NaiveBayesOptions = {}
): LinearModel {
  const { alpha = 1 } = options
  const { f, t } = count(x, rows, labels, options)
  const d0 = Math.log(t[0] + alpha * x.cols)
  const d1 = Math.log(t[1] + alpha * x.cols)
  const weights = new Float64Array(x.cols)
  for (let j = 0; j < x.cols; j++) {
    weights[j] = Math.log(f[1][j]! + alpha) - d1 - (Math.log(f[0][j]! + alpha) - d0)
  }
  return { weights, bias: 0 }
}

/** Each labelled row's score by the model trained on the other labelled rows. */
export function leaveOneOutScores(
  x: SparseMatrix,
  rows: readonly number[],
  labels: readonly Label[],
  options: NaiveBayesOptions = {}
): Float64Array {
  const { alpha = 1 } = options
  const { f, t, c } = count(x, rows, labels, options)
  const out = new Float64Array(rows.length)
  for (const [i, r] of rows.entries()) {
    const y = labels[i]!
    let sum = 0
    for (let k = x.indptr[r]!; k < x.indptr[r + 1]!; k++) sum += x.values[k]!
    const tOut: [number, number] = [...t]
    tOut[y] -= c[y] * sum
    const d0 = Math.log(tOut[0] + alpha * x.cols)
    const d1 = Math.log(tOut[1] + alpha * x.cols)
    let z = 0
    for (let k = x.indptr[r]!; k < x.indptr[r + 1]!; k++) {
      const j = x.indices[k]!
      const v = x.values[k]!
      const f0 = f[0][j]! - (y === 0 ? c[0] * v : 0)
      const f1 = f[1][j]! - (y === 1 ? c[1] * v : 0)
      z += v * (Math.log(Math.max(f1, 0) + alpha) - d1 - (Math.log(Math.max(f0, 0) + alpha) - d0))
    }
    out[i] = z
  }
  return out
}

/**
 * a and b of P = σ(a·s + b), by Newton's method with step halving on the log-loss against
 * Platt's smoothed targets ((n₁ + 1) / (n₁ + 2) for includes, 1 / (n₀ + 2) for excludes),
 * which keep a and b finite when the scores separate the classes.
 */
export function plattScale(scores: ArrayLike<number>, labels: readonly Label[]): [number, number] {
  const n1 = labels.reduce<number>((s, y) => s + y, 0)
  const n0 = labels.length - n1
  const target = labels.map((y) => (y === 1 ? (n1 + 1) / (n1 + 2) : 1 / (n0 + 2)))
  const loss = (a: number, b: number) => {
    let f = 0
    for (let i = 0; i < labels.length; i++) {
      const z = a * scores[i]! + b
      // −t ln σ(z) − (1 − t) ln(1 − σ(z)) = ln(1 + e^z) − t·z
      f += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - target[i]! * z
    }
    return f
  }
  let a = 0
  let b = Math.log((n1 + 1) / (n0 + 1))
  let f = loss(a, b)
  for (let iter = 0; iter < 100; iter++) {
    let ga = 0
    let gb = 0
    let haa = 1e-12
    let hab = 0
    let hbb = 1e-12
    for (let i = 0; i < labels.length; i++) {
      const s = scores[i]!
      const p = sigmoid(a * s + b)
      const w = p * (1 - p)
      ga += (p - target[i]!) * s
      gb += p - target[i]!
      haa += w * s * s
      hab += w * s
      hbb += w
    }
    const det = haa * hbb - hab * hab
    if (!(det > 0)) break
    const da = (hbb * ga - hab * gb) / det
    const db = (haa * gb - hab * ga) / det
    let step = 1
    while (step > 1e-10 && !(loss(a - step * da, b - step * db) <= f)) step /= 2
    if (step <= 1e-10) break
    a -= step * da
    b -= step * db
    const fNext = loss(a, b)
    const done = f - fNext < 1e-10 * Math.max(1, Math.abs(f))
    f = fNext
    if (done) break
  }
  return [a, b]
}

/** The naive Bayes model with σ(score) a calibrated P(relevant). */
export function calibrate(
  model: LinearModel,
  x: SparseMatrix,
  rows: readonly number[],
  labels: readonly Label[],
  options: NaiveBayesOptions = {}
): LinearModel {
  const [a, b] = plattScale(leaveOneOutScores(x, rows, labels, options), labels)
  return { weights: model.weights.map((w) => a * w), bias: a * model.bias + b }
}
