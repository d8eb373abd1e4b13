import { describe, expect, it } from 'vitest'
import { scoreRows, sigmoid, trainLogistic, type Label } from '../../src/domain/rank/model.ts'
import {
  leaveOneOutScores,
  plattScale,
  trainNaiveBayes,
} from '../../src/domain/rank/naive-bayes.ts'
import { tfidf, type SparseMatrix } from '../../src/domain/rank/tfidf.ts'
import { seededRandom } from '../../src/domain/simulate.ts'

/** A sparse matrix from dense rows (zeros left out). */
function sparse(dense: number[][]): SparseMatrix {
  const indptr = [0]
  const indices: number[] = []
  const values: number[] = []
  for (const row of dense) {
    for (const [j, v] of row.entries()) if (v !== 0) (indices.push(j), values.push(v))
    indptr.push(values.length)
  }
  return {
    rows: dense.length,
    cols: dense[0]!.length,
    indptr: Int32Array.from(indptr),
    indices: Int32Array.from(indices),
    values: Float32Array.from(values),
  }
}

describe('naive Bayes', () => {
  // Two terms; row 0 an include, rows 1 and 2 excludes, row 3 unlabelled.
  const x = sparse([
    [1, 0],
    [0, 1],
    [0.5, 0.5],
    [0, 1],
  ])
  const rows = [0, 1, 2]
  const labels: Label[] = [1, 0, 0]
  const weights = (o: Parameters<typeof trainNaiveBayes>[3]) => [
    ...trainNaiveBayes(x, rows, labels, { alpha: 1, ...o }).weights,
  ]

  it('without balance: θ₁ = (2/3, 1/3), θ₀ = (1.5/4, 2.5/4)', () => {
    // F₁ = (1, 0), Σ = 1; F₀ = (0.5, 1.5), Σ = 2; θ = (F + 1) / (Σ + 2).
    const w = weights({ balance: false })
    expect(w[0]).toBeCloseTo(Math.log(2 / 3 / (1.5 / 4)), 12)
    expect(w[1]).toBeCloseTo(Math.log(1 / 3 / (2.5 / 4)), 12)
  })

  it('with balance: includes weigh 3/2, excludes 3/4', () => {
    // F₁ = (1.5, 0), Σ = 1.5; F₀ = (0.375, 1.125), Σ = 1.5.
    const w = weights({ balance: true })
    expect(w[0]).toBeCloseTo(Math.log(2.5 / 3.5 / (1.375 / 3.5)), 12)
    expect(w[1]).toBeCloseTo(Math.log(1 / 3.5 / (2.125 / 3.5)), 12)
  })

  it('counts unlabelled rows as light excludes with background', () => {
    // Row 3 adds (0, 0.5) to F₀: F₀ = (0.5, 2), Σ = 2.5; θ₀ = (1.5/4.5, 3/4.5).
    const w = weights({ balance: false, background: 0.5 })
    expect(w[0]).toBeCloseTo(Math.log(2), 12)
    expect(w[1]).toBeCloseTo(-Math.log(2), 12)
  })

  it('leave-one-out scores equal retraining without the row', () => {
    const m = tfidf(
      [
        'default options increase organ donation',
        'reminder letters and vaccination uptake',
        'default enrolment in pension plans',
        'surgical outcomes of knee replacement',
        'knee pain and physiotherapy',
        'vaccination reminders by text message',
        'hip replacement surgery outcomes',
      ],
      { minDf: 1 }
    )
    const rows = [0, 1, 2, 3, 4, 6]
    const labels: Label[] = [1, 1, 0, 0, 0, 1]
    // Fixed class weights (no balance): otherwise leaving a row out would also change them.
    const o = { alpha: 0.5, balance: false }
    const loo = leaveOneOutScores(m, rows, labels, o)
    for (const [i, r] of rows.entries()) {
      const without = (xs: readonly number[]) => xs.filter((_, k) => k !== i)
      const model = trainNaiveBayes(m, without(rows), without(labels) as Label[], o)
      expect(loo[i]).toBeCloseTo(scoreRows(model, m, [r])[0]!, 9)
    }
  })
})

describe('Platt scaling', () => {
  it('recovers a and b of P = σ(a·s + b) from enough samples', () => {
    const next = seededRandom(3)
    const scores: number[] = []
    const labels: Label[] = []
    for (let i = 0; i < 20_000; i++) {
      const s = 6 * next() - 3
      scores.push(s)
      labels.push(next() < sigmoid(2 * s - 1) ? 1 : 0)
    }
    const [a, b] = plattScale(scores, labels)
    expect(a).toBeCloseTo(2, 1)
    expect(b).toBeCloseTo(-1, 1)
  })

  it('stays finite when the scores separate the classes', () => {
    const [a, b] = plattScale([5, 4, -3, -4], [1, 1, 0, 0])
    expect(Number.isFinite(a) && Number.isFinite(b)).toBe(true)
    // Targets 3/4 and 1/4: the fit cannot be more confident than that.
    expect(sigmoid(a * 5 + b)).toBeLessThan(0.8)
    expect(sigmoid(a * -4 + b)).toBeGreaterThan(0.2)
  })
})

describe('logistic regression', () => {
  // Term 0 marks includes, term 1 excludes; term 2 is in every row; term 3 in no labelled row.
  const x = sparse([
    [1, 0, 1, 0],
    [0.8, 0, 0.6, 0],
    [0, 1, 1, 0],
    [0, 0.8, 0.6, 0],
    [0, 0.6, 0.8, 0],
    [0.6, 0, 0, 0.8],
  ])
  const rows = [0, 1, 2, 3, 4]
  const labels: Label[] = [1, 1, 0, 0, 0]

  it('separates a separable problem', () => {
    const model = trainLogistic(x, rows, labels, { c: 10 })
    const z = scoreRows(model, x)
    for (const [i, y] of labels.entries()) expect(z[i]! > 0).toBe(y === 1)
    expect(z[5]).toBeGreaterThan(0)
    expect(model.weights[0]).toBeGreaterThan(0)
    expect(model.weights[1]).toBeLessThan(0)
  })

  it.each([false, true])(
    'solving over the labelled rows’ columns is the full optimum (balance %s)',
    (balance) => {
      // The whole objective's gradient, over every column, computed here independently:
      // w + C Σᵢ cᵢ (σ(zᵢ) − yᵢ) xᵢ, and for the bias C Σᵢ cᵢ (σ(zᵢ) − yᵢ).
      const c = 3
      const model = trainLogistic(x, rows, labels, { c, balance, tolerance: 1e-8 })
      const n1 = 2
      const weightOf = (y: Label) => (balance ? (y === 1 ? 5 / (2 * n1) : 5 / (2 * 3)) : 1)
      const z = scoreRows(model, x, rows)
      const g = [...model.weights]
      let gBias = 0
      for (const [i, r] of rows.entries()) {
        const d = c * weightOf(labels[i]!) * (sigmoid(z[i]!) - labels[i]!)
        for (let k = x.indptr[r]!; k < x.indptr[r + 1]!; k++) g[x.indices[k]!]! += d * x.values[k]!
        gBias += d
      }
      for (const v of [...g, gBias]) expect(Math.abs(v)).toBeLessThan(1e-5)
      expect(model.weights[3]).toBe(0)
    }
  )
})
