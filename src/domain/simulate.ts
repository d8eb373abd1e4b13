/**
 * Replays a labelled dataset as a reviewer who screens in Winnow's order (ASReview's
 * simulation mode): the run starts from one random include and one random exclude (the
 * reviewer's first two decisions, chosen by the seed), the model is retrained after every
 * decision (or every `batch` decisions) and the reviewer screens the top-ranked record next.
 * The metrics count the two prior records as the first two screened. A random order starting
 * from the same two records is the baseline of each run.
 */
import { screeningMetrics, type ScreeningMetrics } from './rank/metrics.ts'
import { createRanker, type Doc, type Label, type Ranker, type RankerOptions, type Ranking } from './rank/ranker.ts' // prettier-ignore

export interface LabelledDoc extends Doc {
  label: Label
}

export interface SimulationOptions {
  /** Seed of the first run; run k uses seed + k. */
  seed: number
  runs?: number
  /** Decisions between retrainings (default 1: after every decision, like ASReview). */
  batch?: number
  ranker?: RankerOptions
}

export interface RunResult {
  seed: number
  /** Ids in the order screened, priors first, until the last relevant record. */
  order: number[]
  model: ScreeningMetrics
  random: ScreeningMetrics
}

export type MetricName = Exclude<keyof ScreeningMetrics, 'records' | 'relevant'>
const METRICS: MetricName[] = ['wss95', 'wss100', 'recallAt10pct', 'recallAt20pct', 'screenedFor95pct'] // prettier-ignore

export interface Summary {
  mean: Record<MetricName, number>
  sd: Record<MetricName, number>
}

export interface SimulationResult {
  records: number
  relevant: number
  runs: RunResult[]
  model: Summary
  random: Summary
}

/** mulberry32: a small seeded generator, the same stream on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed | 0
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function shuffle<T>(items: T[], next: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1))
    ;[items[i], items[j]] = [items[j]!, items[i]!]
  }
  return items
}

export interface StepInfo {
  labelled: number
  ranking: Ranking
  /** Relevant records among the unlabelled ones (known only in a simulation). */
  relevantLeft: number
}

/** One run. `onRank` sees every ranking (for benchmarks: timing, calibration). */
export function simulateRun(
  ranker: Ranker,
  labelOf: ReadonlyMap<number, Label>,
  seed: number,
  batch = 1,
  onRank?: (step: StepInfo) => void
): { order: number[]; randomOrder: number[] } {
  const next = seededRandom(seed)
  const ids = [...ranker.ids].sort((a, b) => a - b)
  const includes = ids.filter((id) => labelOf.get(id) === 1)
  const excludes = ids.filter((id) => labelOf.get(id) === 0)
  if (includes.length === 0 || excludes.length === 0)
    throw new RangeError('a simulation needs at least one include and one exclude')
  const priors = [
    includes[Math.floor(next() * includes.length)]!,
    excludes[Math.floor(next() * excludes.length)]!,
  ]
  const rest = shuffle(
    ids.filter((id) => !priors.includes(id)),
    next
  )
  const known = new Map<number, Label>(priors.map((id) => [id, labelOf.get(id)!]))
  const order = [...priors]
  let relevantLeft = includes.length - 1
  while (relevantLeft > 0) {
    const ranking = ranker.rank(known)
    onRank?.({ labelled: known.size, ranking, relevantLeft })
    for (const id of ranking.order.slice(0, batch)) {
      const y = labelOf.get(id)!
      known.set(id, y)
      order.push(id)
      relevantLeft -= y
    }
  }
  return { order, randomOrder: [...priors, ...rest] }
}

/** Labels in screening order; records never reached (all irrelevant) go last. */
function labelsInOrder(
  order: number[],
  ids: readonly number[],
  labelOf: ReadonlyMap<number, Label>
) {
  const labels = order.map((id) => labelOf.get(id)!)
  for (let i = labels.length; i < ids.length; i++) labels.push(0)
  return labels
}

export function summarise(metrics: ScreeningMetrics[]): Summary {
  const mean = {} as Record<MetricName, number>
  const sd = {} as Record<MetricName, number>
  for (const name of METRICS) {
    const xs = metrics.map((m) => m[name])
    const mu = xs.reduce((s, x) => s + x, 0) / xs.length
    const variance = xs.reduce((s, x) => s + (x - mu) ** 2, 0) / Math.max(1, xs.length - 1)
    mean[name] = mu
    sd[name] = Math.sqrt(variance)
  }
  return { mean, sd }
}

export function simulate(
  docs: readonly LabelledDoc[],
  options: SimulationOptions
): SimulationResult {
  const { seed, runs = 1, batch = 1 } = options
  if (!Number.isSafeInteger(runs) || runs < 1) throw new RangeError('runs must be at least 1')
  if (!Number.isSafeInteger(batch) || batch < 1) throw new RangeError('batch must be at least 1')
  const labelOf = new Map(docs.map((d) => [d.id, d.label]))
  const ranker = createRanker(docs, options.ranker)
  const results: RunResult[] = []
  for (let k = 0; k < runs; k++) {
    const run = simulateRun(ranker, labelOf, seed + k, batch)
    results.push({
      seed: seed + k,
      order: run.order,
      model: screeningMetrics(labelsInOrder(run.order, ranker.ids, labelOf)),
      random: screeningMetrics(labelsInOrder(run.randomOrder, ranker.ids, labelOf)),
    })
  }
  const first = results[0]!.model
  return {
    records: first.records,
    relevant: first.relevant,
    runs: results,
    model: summarise(results.map((r) => r.model)),
    random: summarise(results.map((r) => r.random)),
  }
}
