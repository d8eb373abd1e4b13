/**
 * Priority screening: the unscreened records ordered by how likely the model thinks each is
 * relevant, from the decisions made so far. `createRanker` builds the records' TF-IDF vectors
 * once (the slow part, ~1 s at 20 000 records); each `rank` after a decision only trains the
 * model and scores the rows. Pure and deterministic: the same records and labels give the same
 * order on every machine; ties are broken by id.
 */
import { scoreRows, sigmoid, trainLogistic, type Label, type LinearModel } from './model.ts'
import { calibrate, trainNaiveBayes } from './naive-bayes.ts'
import { tfidf, type Tfidf } from './tfidf.ts'

export type { Label } from './model.ts'

/** A record as the model reads it: title, abstract and keywords joined (see `recordText`). */
export interface Doc {
  id: number
  text: string
}

export interface RankerOptions {
  model?: 'naive-bayes' | 'logistic'
  bigrams?: boolean
  minDf?: number
  sublinear?: boolean
  /** Naive Bayes smoothing. */
  alpha?: number
  /** Logistic regression: inverse regularisation strength. */
  c?: number
  /** Give includes and excludes the same total weight. */
  balance?: boolean
  /** With `balance`, the includes' total weight over the excludes'. */
  includeWeight?: number
  /** Naive Bayes: weight of each unlabelled record as a presumed exclude. */
  background?: number
  /** Logistic regression: L-BFGS iterations at most per retraining (warm-started). */
  iterations?: number
}

/**
 * Chosen by simulation (`npm run bench:priority`, BENCHMARKS.md): naive Bayes with unlabelled
 * records as light presumed excludes found 95 % of Nudging's includes after 25 % of the records
 * (WSS@95 72.1 % over 15 runs; logistic regression 67 % at 40× the cost; plain naive Bayes 70 %).
 */
export const RANKER_DEFAULTS: Required<RankerOptions> = {
  model: 'naive-bayes',
  bigrams: true,
  minDf: 2,
  sublinear: true,
  alpha: 1,
  c: 10,
  balance: true,
  includeWeight: 1,
  iterations: 200,
  background: 0.05,
}

export interface Ranking {
  /** False until there is at least one include and one exclude: `order` is then by id. */
  trained: boolean
  /** Unlabelled ids, most likely relevant first. */
  order: number[]
  /** P(relevant) of each unlabelled id (empty when not trained). */
  scores: Map<number, number>
}

export interface Ranker {
  readonly ids: readonly number[]
  readonly matrix: Tfidf
  /** Train on `labels` (id → 0 exclude / 1 include; other ids are unlabelled) and rank. */
  rank(labels: ReadonlyMap<number, Label>): Ranking
}

export function createRanker(docs: readonly Doc[], options: RankerOptions = {}): Ranker {
  const o = { ...RANKER_DEFAULTS, ...options }
  const ids = docs.map((d) => d.id)
  const rowOf = new Map(ids.map((id, row) => [id, row]))
  if (rowOf.size !== ids.length) throw new RangeError('two documents share an id')
  const matrix = tfidf(
    docs.map((d) => d.text),
    o
  )
  let previous: LinearModel | undefined
  return {
    ids,
    matrix,
    rank(labels) {
      const rows: number[] = []
      const ys: Label[] = []
      for (const [id, y] of labels) {
        const row = rowOf.get(id)
        if (row === undefined) continue
        rows.push(row)
        ys.push(y)
      }
      const unlabelled: number[] = []
      for (let r = 0; r < ids.length; r++) if (!labels.has(ids[r]!)) unlabelled.push(r)
      const includes = ys.reduce<number>((s, y) => s + y, 0)
      if (includes === 0 || includes === ys.length) {
        const order = unlabelled.map((r) => ids[r]!).sort((a, b) => a - b)
        return { trained: false, order, scores: new Map() }
      }
      let z: Float64Array
      let key: Float64Array
      if (o.model === 'naive-bayes') {
        // Order by the log-likelihood ratio itself: the calibration's scale is fitted and could
        // come out flat or reversed on a few labels.
        const nb = trainNaiveBayes(matrix, rows, ys, o)
        key = scoreRows(nb, matrix, unlabelled)
        z = scoreRows(calibrate(nb, matrix, rows, ys, o), matrix, unlabelled)
      } else {
        previous = trainLogistic(matrix, rows, ys, { ...o, init: previous, maxIterations: o.iterations }) // prettier-ignore
        z = key = scoreRows(priorCorrected(previous, ys, o), matrix, unlabelled)
      }
      const ranked = unlabelled.map((r, i) => ({ id: ids[r]!, key: key[i]!, z: z[i]! }))
      ranked.sort((a, b) => b.key - a.key || b.z - a.z || a.id - b.id)
      return {
        trained: true,
        order: ranked.map((e) => e.id),
        scores: new Map(ranked.map((e) => [e.id, sigmoid(e.z)])),
      }
    },
  }
}

/**
 * The fitted model with its bias moved back to the real class balance: weighting the includes
 * by c₁/c₀ multiplies the fitted odds by about c₁/c₀ (King & Zeng 2001's prior correction), so
 * ln(c₁/c₀) comes off the bias. Order is unchanged; probabilities get closer to honest.
 */
function priorCorrected(fitted: LinearModel, ys: Label[], o: Required<RankerOptions>): LinearModel {
  const n1 = ys.reduce<number>((s, y) => s + y, 0)
  const shift = o.balance
    ? Math.log((o.includeWeight * (ys.length - n1)) / n1)
    : Math.log(o.includeWeight)
  return { weights: fitted.weights, bias: fitted.bias - shift }
}

/** Train on `labels` and rank the other documents (builds the vectors each time: for one-off use). */
export function trainAndRank(
  docs: readonly Doc[],
  labels: ReadonlyMap<number, Label>,
  options: RankerOptions = {}
): Ranking {
  return createRanker(docs, options).rank(labels)
}
