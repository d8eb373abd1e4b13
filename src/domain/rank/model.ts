/**
 * Linear models over TF-IDF rows, trained only on the labelled rows, giving a score per row
 * whose logistic σ(score) is P(relevant). Naive Bayes is in `naive-bayes.ts`; here the shared
 * parts and L2-regularised logistic regression, minimising
 * ½‖w‖² + C · Σᵢ cᵢ · ln(1 + e^(−yᵢ(w·xᵢ + b))) with L-BFGS (Nocedal & Wright, Numerical
 * Optimization, alg. 7.4/7.5); the bias is not penalised.
 *
 * Relevant records are rare (1–15 %): with `balance` each class gets the same total weight
 * (cᵢ = n / (2·n_class)), as scikit-learn's class_weight='balanced'; `includeWeight` tilts
 * that further towards the includes.
 */
import type { SparseMatrix } from './tfidf.ts'

export type Label = 0 | 1
export interface LinearModel {
  weights: Float64Array
  bias: number
}

/** Per-row weights that give both classes the same total (1 each when `balance` is off). */
export function classWeights(
  labels: readonly Label[],
  balance: boolean,
  includeWeight = 1
): [number, number] {
  const n1 = labels.reduce<number>((s, y) => s + y, 0)
  const n0 = labels.length - n1
  if (!balance || n0 === 0 || n1 === 0) return [1, includeWeight]
  return [labels.length / (2 * n0), (includeWeight * labels.length) / (2 * n1)]
}

/** w·x_r + b for every row (or for the rows given). */
export function scoreRows(
  model: LinearModel,
  x: SparseMatrix,
  rows?: readonly number[]
): Float64Array {
  const n = rows ? rows.length : x.rows
  const out = new Float64Array(n)
  const { weights, bias } = model
  for (let i = 0; i < n; i++) {
    const r = rows ? rows[i]! : i
    let z = bias
    for (let k = x.indptr[r]!; k < x.indptr[r + 1]!; k++)
      z += weights[x.indices[k]!]! * x.values[k]!
    out[i] = z
  }
  return out
}

export const sigmoid = (z: number) =>
  z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z))

/** ln(1 + e^(−m)), without overflow. */
const logLoss = (m: number) => (m > 0 ? Math.log1p(Math.exp(-m)) : -m + Math.log1p(Math.exp(m)))

export interface LogisticOptions {
  /** Inverse regularisation strength (default 1). */
  c?: number
  balance?: boolean
  /** With `balance`, the includes' total weight over the excludes' (default 1). */
  includeWeight?: number
  /** L-BFGS iterations at most (default 200). */
  maxIterations?: number
  /** Stop when the largest gradient entry is below this (default 1e-4). */
  tolerance?: number
  /** Start from this model (a warm start after one more decision). */
  init?: LinearModel
}

export function trainLogistic(
  x: SparseMatrix,
  rows: readonly number[],
  labels: readonly Label[],
  options: LogisticOptions = {}
): LinearModel {
  const {
    c = 1,
    balance = true,
    includeWeight = 1,
    maxIterations = 200,
    tolerance = 1e-4,
  } = options
  const [c0, c1] = classWeights(labels, balance, includeWeight)
  const n = rows.length
  // Only the terms of labelled rows can get a weight: for any other term the gradient is the
  // penalty's alone and its optimum is 0. Solving over these columns (compact indices) gives
  // the same model at a fraction of the cost early in screening.
  const compact = new Int32Array(x.cols).fill(-1)
  const active: number[] = []
  for (const r of rows) {
    for (let k = x.indptr[r]!; k < x.indptr[r + 1]!; k++) {
      const j = x.indices[k]!
      if (compact[j] === -1) {
        compact[j] = active.length
        active.push(j)
      }
    }
  }
  const cols = active.length
  const offsets = new Int32Array(n + 1)
  for (let i = 0; i < n; i++)
    offsets[i + 1] = offsets[i]! + x.indptr[rows[i]! + 1]! - x.indptr[rows[i]!]!
  const at = new Int32Array(offsets[n]!)
  const val = new Float64Array(offsets[n]!)
  for (let i = 0; i < n; i++) {
    let o = offsets[i]!
    for (let k = x.indptr[rows[i]!]!; k < x.indptr[rows[i]! + 1]!; k++, o++) {
      at[o] = compact[x.indices[k]!]!
      val[o] = x.values[k]!
    }
  }
  const cost = labels.map((y) => c * (y === 1 ? c1 : c0))
  const sign = labels.map((y) => (y === 1 ? 1 : -1))

  // f(θ) and its gradient g (written in place) at θ = [w, b]; the last entry is the bias.
  const evaluate = (theta: Float64Array, g: Float64Array): number => {
    let f = 0
    for (let j = 0; j < cols; j++) {
      f += 0.5 * theta[j]! * theta[j]!
      g[j] = theta[j]!
    }
    g[cols] = 0
    const b = theta[cols]!
    for (let i = 0; i < n; i++) {
      let z = b
      for (let k = offsets[i]!; k < offsets[i + 1]!; k++) z += theta[at[k]!]! * val[k]!
      const m = sign[i]! * z
      f += cost[i]! * logLoss(m)
      // d/dz of cᵢ·ln(1 + e^(−y z)) = −cᵢ·y·σ(−y z)
      const d = -cost[i]! * sign[i]! * sigmoid(-m)
      for (let k = offsets[i]!; k < offsets[i + 1]!; k++) g[at[k]!]! += d * val[k]!
      g[cols]! += d
    }
    return f
  }

  const theta = new Float64Array(cols + 1)
  if (options.init && options.init.weights.length === x.cols) {
    for (let j = 0; j < cols; j++) theta[j] = options.init.weights[active[j]!]!
    theta[cols] = options.init.bias
  }
  lbfgs(evaluate, theta, maxIterations, tolerance)
  const weights = new Float64Array(x.cols)
  for (let j = 0; j < cols; j++) weights[active[j]!] = theta[j]!
  return { weights, bias: theta[cols]! }
}

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!
  return s
}

/** Minimises f from θ (updated in place): L-BFGS, 8 pairs, backtracking Armijo line search. */
function lbfgs(
  evaluate: (theta: Float64Array, g: Float64Array) => number,
  theta: Float64Array,
  maxIterations: number,
  tolerance: number
) {
  const dim = theta.length
  const memory = 8
  const s: Float64Array[] = []
  const y: Float64Array[] = []
  const rho: number[] = []
  let g = new Float64Array(dim)
  let f = evaluate(theta, g)
  const direction = new Float64Array(dim)
  const alpha = new Float64Array(memory)
  let next = new Float64Array(dim)
  let gNext = new Float64Array(dim)
  for (let iter = 0; iter < maxIterations; iter++) {
    if (g.reduce((m, v) => Math.max(m, Math.abs(v)), 0) < tolerance) return
    // Two-loop recursion: direction = −H·g.
    for (let i = 0; i < dim; i++) direction[i] = -g[i]!
    for (let k = s.length - 1; k >= 0; k--) {
      alpha[k] = rho[k]! * dot(s[k]!, direction)
      for (let i = 0; i < dim; i++) direction[i]! -= alpha[k]! * y[k]![i]!
    }
    const last = s.length - 1
    const gamma = last >= 0 ? dot(s[last]!, y[last]!) / dot(y[last]!, y[last]!) : 1
    for (let i = 0; i < dim; i++) direction[i]! *= gamma
    for (let k = 0; k < s.length; k++) {
      const beta = rho[k]! * dot(y[k]!, direction)
      for (let i = 0; i < dim; i++) direction[i]! += (alpha[k]! - beta) * s[k]![i]!
    }
    let slope = dot(g, direction)
    if (slope >= 0) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      s.length = y.length = rho.length = 0
      for (let i = 0; i < dim; i++) direction[i] = -g[i]!
      slope = -dot(g, g)
    }
    let step = 1
    let fNext = Infinity
    for (let tries = 0; tries < 30; tries++) {
      for (let i = 0; i < dim; i++) next[i] = theta[i]! + step * direction[i]!
      fNext = evaluate(next, gNext)
      if (fNext <= f + 1e-4 * step * slope) break
      step /= 2
    }
    if (!(fNext < f)) return
    const sk = new Float64Array(dim)
    const yk = new Float64Array(dim)
    for (let i = 0; i < dim; i++) {
      sk[i] = next[i]! - theta[i]!
      yk[i] = gNext[i]! - g[i]!
    }
    const sy = dot(sk, yk)
    if (sy > 1e-12) {
      if (s.length === memory) (s.shift(), y.shift(), rho.shift())
      s.push(sk)
      y.push(yk)
      rho.push(1 / sy)
    }
    const converged = (f - fNext) / Math.max(Math.abs(f), 1) < 1e-9
    theta.set(next)
    ;[g, gNext] = [gNext, g]
    next = new Float64Array(dim)
    f = fNext
    if (converged) return
  }
}
