// Priority screening benchmark: replays each labelled dataset in bench/data (ASReview's
// simulation protocol: records without an abstract and duplicates dropped; one random include
// and one random exclude as the first decisions; retrain after every decision; runs with seeds
// 1..N) and prints WSS@95, WSS@100 and recall after 10 % and 20 % screened, for Winnow's
// order and for a random order from the same two first records, mean ± SD over the runs. Also
// the median retraining time per dataset, the model's expected count of relevant records left
// against the true count, and the retraining time on 20 000 records with 2 000 labelled.
//
//   node --import tsx bench/priority.ts [--runs 15] [--workers 2] [--only nagtegaal]
import { readdirSync, readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { parseArgs } from 'node:util'
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'
import { readDataset } from '../src/cli/simulate.ts'
import { screeningMetrics, type ScreeningMetrics } from '../src/domain/rank/metrics.ts'
import { createRanker, RANKER_DEFAULTS, type Doc, type Label } from '../src/domain/rank/ranker.ts'
import {
  seededRandom,
  simulateRun,
  summarise,
  type LabelledDoc,
  type Summary,
} from '../src/domain/simulate.ts'

const DATA = new URL('./data/', import.meta.url)

/** Ferdinands et al. 2023 (Syst Rev 12:100), ASReview, mean WSS@95 over 15 runs. */
const REFERENCE: Record<string, string> = {
  'nagtegaal2019_nudging.csv': 'NB + TF-IDF 71.7 %, SVM + TF-IDF 66.2 %',
}

interface Job {
  file: string
  seed: number
}
interface RunOut {
  file: string
  model: ScreeningMetrics
  random: ScreeningMetrics
  retrainMs: number[]
  /** Σ P(relevant) over the unlabelled records, and the truth, after 10 % were screened. */
  expected: number
  actual: number
}

function load(file: string) {
  const text = readFileSync(new URL(file, DATA), 'utf8')
  return readDataset(text, { dropEmpty: true, dropDuplicates: true }).docs
}

function labelsInOrder(order: number[], n: number, labelOf: Map<number, Label>): Label[] {
  const labels = order.map((id) => labelOf.get(id)!)
  while (labels.length < n) labels.push(0)
  return labels
}

// One run of one dataset, in a worker thread; the vectors are built once per dataset.
function serveRuns() {
  const cache = new Map<string, { docs: LabelledDoc[]; ranker: ReturnType<typeof createRanker> }>()
  parentPort!.on('message', ({ file, seed }: Job) => {
    let entry = cache.get(file)
    if (!entry) {
      const docs = load(file)
      entry = { docs, ranker: createRanker(docs) }
      cache.set(file, entry)
    }
    const { docs, ranker } = entry
    const labelOf = new Map(docs.map((d) => [d.id, d.label]))
    const checkpoint = Math.round(docs.length / 10)
    const retrainMs: number[] = []
    let expected = NaN
    let actual = NaN
    let last = performance.now()
    const run = simulateRun(ranker, labelOf, seed, 1, (step) => {
      const now = performance.now()
      retrainMs.push(now - last)
      if (step.labelled === checkpoint) {
        expected = [...step.ranking.scores.values()].reduce((s, p) => s + p, 0)
        actual = step.relevantLeft
      }
      last = performance.now()
    })
    const out: RunOut = {
      file,
      model: screeningMetrics(labelsInOrder(run.order, docs.length, labelOf)),
      random: screeningMetrics(labelsInOrder(run.randomOrder, docs.length, labelOf)),
      retrainMs,
      expected,
      actual,
    }
    parentPort!.postMessage(out)
  })
}

// Worker threads start without the main thread's loaders: register tsx, then load this file.
const WORKER = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}) })`

async function runAll(jobs: Job[], workers: number): Promise<RunOut[]> {
  const results: RunOut[] = []
  let next = 0
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const w = new Worker(WORKER, { eval: true, workerData: 'runs' })
      const feed = () => {
        if (next < jobs.length) w.postMessage(jobs[next++])
        else void w.terminate().then(() => resolve())
      }
      w.on('message', (r: RunOut) => {
        results.push(r)
        process.stderr.write('.')
        feed()
      })
      w.on('error', reject)
      feed()
    })
  await Promise.all(Array.from({ length: workers }, one))
  process.stderr.write('\n')
  return results
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] ?? NaN
}
const pct = (s: Summary, name: keyof Summary['mean']) =>
  `${(100 * s.mean[name]).toFixed(1)} ± ${(100 * s.sd[name]).toFixed(1)}`

/** Retraining on 20 000 records (real abstracts' sentences recombined) with 2 000 labelled. */
function retrainAt20k(files: string[]) {
  const next = seededRandom(20_000)
  const sentences: string[] = []
  const titles: string[] = []
  for (const file of files) {
    for (const d of load(file)) {
      const parts = d.text.split(/(?<=\.)\s+/)
      titles.push(parts[0]!)
      sentences.push(...parts.slice(1))
    }
  }
  const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)]!
  const docs: Doc[] = Array.from({ length: 20_000 }, (_, i) => ({
    id: i + 1,
    text: [pick(titles), ...Array.from({ length: 8 }, () => pick(sentences))].join(' '),
  }))
  let started = performance.now()
  const ranker = createRanker(docs)
  const buildMs = performance.now() - started
  const labels = new Map<number, Label>()
  for (let id = 1; id <= 2_000; id++) labels.set(id * 10, next() < 0.1 ? 1 : 0)
  const times: number[] = []
  for (let k = 0; k < 7; k++) {
    labels.set(k * 10 + 5, 0)
    started = performance.now()
    ranker.rank(labels)
    times.push(performance.now() - started)
  }
  return { buildMs, retrainMs: median(times), cols: ranker.matrix.cols }
}

async function main() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '15' },
      workers: { type: 'string', default: String(Math.min(2, availableParallelism())) },
      only: { type: 'string' },
    },
  })
  const runs = Number(values.runs)
  const files = readdirSync(DATA)
    .filter((f) => f.endsWith('.csv') && (!values.only || f.includes(values.only)))
    .sort()
  console.log(`ranker: ${JSON.stringify(RANKER_DEFAULTS)}`)
  console.log(
    `${runs} runs per dataset (seeds 1..${runs}), empty abstracts and duplicates dropped\n`
  )
  const started = performance.now()
  const jobs = files.flatMap((file) =>
    Array.from({ length: runs }, (_, k) => ({ file, seed: 1 + k }))
  )
  const results = await runAll(jobs, Number(values.workers))
  for (const file of files) {
    const rs = results.filter((r) => r.file === file)
    const model = summarise(rs.map((r) => r.model))
    const random = summarise(rs.map((r) => r.random))
    const first = rs[0]!.model
    console.log(`${file}: ${first.records} records, ${first.relevant} relevant`)
    console.log('| order | WSS@95 % | WSS@100 % | recall@10 % | recall@20 % | screened for 95 % |')
    console.log('|---|---:|---:|---:|---:|---:|')
    for (const [name, s] of [
      ['Winnow', model],
      ['random', random],
    ] as const) {
      const screened = `${s.mean.screenedFor95pct.toFixed(0)} ± ${s.sd.screenedFor95pct.toFixed(0)}`
      console.log(`| ${name} | ${pct(s, 'wss95')} | ${pct(s, 'wss100')} | ${pct(s, 'recallAt10pct')} | ${pct(s, 'recallAt20pct')} | ${screened} |`) // prettier-ignore
    }
    const retrain = median(rs.flatMap((r) => r.retrainMs))
    const expected = rs.reduce((s, r) => s + r.expected, 0) / rs.length
    const actual = rs.reduce((s, r) => s + r.actual, 0) / rs.length
    console.log(`median retrain + rank: ${retrain.toFixed(1)} ms`)
    console.log(`after 10 % screened: model expects ${expected.toFixed(1)} relevant left, truth ${actual.toFixed(1)} (means over runs)`) // prettier-ignore
    console.log(
      `ASReview reference (WSS@95): ${REFERENCE[file] ?? 'not published for this dataset'}\n`
    )
  }
  console.log(`simulations took ${((performance.now() - started) / 1000).toFixed(0)} s`)
  const big = retrainAt20k(files)
  console.log(`20 000 records (${big.cols} terms): vectors built in ${(big.buildMs / 1000).toFixed(1)} s; retrain + rank with 2 000 labelled: ${big.retrainMs.toFixed(0)} ms (median of 7)`) // prettier-ignore
}

if (isMainThread) await main()
else if (workerData === 'runs') serveRuns()
