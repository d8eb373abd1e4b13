// Parse benchmark: Winnow's RIS reader against Node's readline (reading the same file line by
// line and doing nothing else, the floor), on generated 20 000- and 60 000-record files.
// Each measurement runs in its own child process, so peak memory figures are separate.
//
//   node --import tsx bench/parse.ts [--sizes 20000,60000] [--runs 3] [--dir DIR]
import { spawnSync } from 'node:child_process'
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { readBibliographic } from '../src/domain/bibliographic.ts'
import { writeRisFile } from './gen-ris.ts'

// rispy 0.10 parses a 61 MB, 20 000-record file in about 1.96 s on this machine.
const RISPY_RECORDS_PER_S = 20_000 / 1.96

interface Result {
  firstMs: number
  bestMs: number
  records: number
  lines: number
  startRssMb: number
  peakRssMb: number
  peakHeapMb: number
}

type Task = 'readline' | 'winnow'

const mb = (bytes: number) => bytes / (1024 * 1024)

async function once(task: Task, file: string, sample: () => void) {
  let records = 0
  let lines = 0
  if (task === 'readline') {
    const rl = createInterface({ input: createReadStream(file), crlfDelay: Infinity })
    for await (const _line of rl) if (++lines % 4096 === 0) sample()
  } else {
    for await (const event of readBibliographic(createReadStream(file))) {
      if (event.kind === 'record' && ++records % 256 === 0) sample()
      else if (event.kind === 'end') lines = event.lines
      else if (event.kind === 'refused') throw new Error(event.message)
    }
  }
  return { records, lines }
}

/** In the child: parse `file` `runs` times, report the first and the best time and the peaks. */
async function child(task: Task, file: string, runs: number) {
  const startRss = process.memoryUsage().rss
  let peakHeap = 0
  const sample = () => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)
  }
  const times: number[] = []
  let counts = { records: 0, lines: 0 }
  let peakRss = 0
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    counts = await once(task, file, sample)
    times.push(performance.now() - started)
    // resourceUsage().maxRSS is the kernel's high-water mark, in kilobytes; taken after the
    // first parse so later runs (a warm JIT, a grown heap) do not blur it.
    if (i === 0) peakRss = process.resourceUsage().maxRSS * 1024
  }
  const result: Result = {
    firstMs: times[0]!,
    bestMs: Math.min(...times),
    ...counts,
    startRssMb: mb(startRss),
    peakRssMb: mb(peakRss),
    peakHeapMb: mb(peakHeap),
  }
  process.stdout.write(JSON.stringify(result))
}

function measure(task: Task, file: string, runs: number): Result {
  const script = fileURLToPath(import.meta.url)
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', script, '--child', task, '--file', file, '--runs', String(runs)],
    { encoding: 'utf8', maxBuffer: 1 << 20 }
  )
  if (run.status !== 0) throw new Error(`${task} ${file} failed:\n${run.stderr}`)
  return JSON.parse(run.stdout) as Result
}

function main() {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '20000,60000' },
      runs: { type: 'string', default: '3' },
      dir: { type: 'string', default: join(tmpdir(), 'winnow-bench') },
      child: { type: 'string' },
      file: { type: 'string' },
    },
  })
  const runs = Number(values.runs)
  if (values.child) return child(values.child as Task, values.file!, runs)

  mkdirSync(values.dir, { recursive: true })
  const rows: string[][] = []
  const peaks: number[] = []
  for (const n of values.sizes.split(',').map(Number)) {
    const file = join(values.dir, `mixed-${n}-seed1.ris`)
    if (!existsSync(file)) writeRisFile(file, { n, seed: 1 })
    const size = mb(statSync(file).size)
    const floor = measure('readline', file, runs)
    const ours = measure('winnow', file, runs)
    if (ours.records !== n) throw new Error(`expected ${n} records, got ${ours.records}`)
    peaks.push(ours.peakRssMb)
    const perS = (ms: number) => (n / ms) * 1000
    rows.push([
      `${n}`,
      size.toFixed(1),
      `${floor.firstMs.toFixed(0)} / ${floor.bestMs.toFixed(0)}`,
      `${ours.firstMs.toFixed(0)} / ${ours.bestMs.toFixed(0)}`,
      `${perS(ours.firstMs).toFixed(0)} / ${perS(ours.bestMs).toFixed(0)}`,
      ((size / ours.bestMs) * 1000).toFixed(0),
      `${(perS(ours.bestMs) / RISPY_RECORDS_PER_S).toFixed(1)}×`,
      `${(floor.bestMs / ours.bestMs).toFixed(2)}×`,
      `${floor.peakRssMb.toFixed(0)}`,
      `${ours.startRssMb.toFixed(0)} → ${ours.peakRssMb.toFixed(0)}`,
      ours.peakHeapMb.toFixed(0),
    ])
  }
  const head = [
    'records',
    'MB',
    'readline ms (first / best)',
    'winnow ms (first / best)',
    'records/s (first / best)',
    'MB/s',
    'vs rispy',
    'vs readline',
    'readline peak RSS MB',
    'winnow RSS MB (start → peak)',
    'peak heap MB',
  ]
  const table = [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`)
  process.stdout.write(`${table.join('\n')}\n`)
  if (peaks.length > 1)
    process.stdout.write(
      `\npeak RSS, largest / smallest file: ${(peaks.at(-1)! / peaks[0]!).toFixed(2)}×\n`
    )
}

await main()
