// Import benchmark: the whole pipeline (read → de-duplicate → commit in batches → enter
// screening) into a fresh file database, beside a parse-only run over the same file as the
// baseline, on generated 20 000- and 60 000-record files. Each run is its own child process,
// so peak memory figures are separate. While the import runs, a reader measures how long an
// ordinary page query waits (other users must not be blocked).
//
//   node --import tsx bench/import.ts [--sizes 20000,60000] [--dir DIR]
import { spawnSync } from 'node:child_process'
import { createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { openDb } from '../src/db/client.ts'
import { migrateDb } from '../src/db/migrate.ts'
import { readBibliographic } from '../src/domain/bibliographic.ts'
import { runImport, startImport } from '../src/import/pipeline.ts'
import { createProject } from '../src/queries/projects.ts'
import { countRecords, listRecords } from '../src/queries/records.ts'
import { insertUser } from '../src/queries/users.ts'
import { writeRisFile } from './gen-ris.ts'

type Task = 'parse' | 'import'
interface Result {
  /** Records page after the import: first page, a page deep in, a search, the count (ms, best of 5). */
  pages?: { first: number; deep: number; search: number; count: number }
  ms: number
  records: number
  duplicates: number
  peakRssMb: number
  readerP50Ms: number
  readerMaxMs: number
}

const mb = (b: number) => b / 1048576

async function child(task: Task, file: string): Promise<Result> {
  let peak = process.memoryUsage().rss
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
  const started = performance.now()
  let records = 0
  let duplicates = 0
  const waits: number[] = []
  let pages: Result['pages']
  if (task === 'parse') {
    for await (const e of readBibliographic(createReadStream(file)))
      if (e.kind === 'record') records++
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'winnow-bench-import-'))
    const db = openDb({ url: `file:${join(dir, 'bench.db')}` })
    await migrateDb(db)
    const user = await db.write((tx) =>
      insertUser(tx, {
        email: 'b@example.org',
        name: 'B',
        passwordHash: 'x',
        createdAt: 0,
        passwordChangedAt: 0,
      })
    )
    if (!user.ok) throw new Error(user.message)
    const project = await db.write((tx) =>
      createProject(tx, { name: 'Bench', ownerId: user.value.id, now: 0 })
    )
    // Another user's page, asked every 50 ms while the import runs.
    let stop = false
    const reader = (async () => {
      while (!stop) {
        const t = performance.now()
        await countRecords(db.orm, { projectId: project.id })
        waits.push(performance.now() - t)
        await new Promise((r) => setTimeout(r, 50))
      }
    })()
    const t0 = performance.now()
    const request = {
      projectId: project.id,
      sourceName: 'Bench',
      sourceKind: 'database' as const,
      files: [{ name: 'bench.ris', path: file, size: statSync(file).size }],
      userId: user.value.id,
    }
    const run = await startImport({ db, now: Date.now }, request)
    if (!run.ok) throw new Error(run.message)
    const summary = await runImport({ db, now: Date.now }, run.value, request)
    records = summary.records
    duplicates = summary.duplicates
    stop = true
    await reader
    void t0
    const best = async (f: () => Promise<unknown>) => {
      let min = Infinity
      for (let i = 0; i < 5; i++) {
        const t = performance.now()
        await f()
        min = Math.min(min, performance.now() - t)
      }
      return min
    }
    const filter = { projectId: project.id }
    const deepAfter = records - 100
    pages = {
      first: await best(() => listRecords(db.orm, filter)),
      deep: await best(() => listRecords(db.orm, filter, { after: deepAfter })),
      search: await best(() =>
        Promise.all([
          listRecords(db.orm, { ...filter, search: 'patients random*' }),
          countRecords(db.orm, { ...filter, search: 'patients random*' }),
        ])
      ),
      count: await best(() => countRecords(db.orm, filter)),
    }
    db.close()
    rmSync(dir, { recursive: true, force: true })
  }
  const ms = performance.now() - started
  clearInterval(sampler)
  waits.sort((a, b) => a - b)
  return {
    pages,
    ms,
    records,
    duplicates,
    peakRssMb: mb(Math.max(peak, process.memoryUsage().rss)),
    readerP50Ms: waits[Math.floor(waits.length / 2)] ?? 0,
    readerMaxMs: waits.at(-1) ?? 0,
  }
}

function measure(task: Task, file: string): Result {
  const self = fileURLToPath(import.meta.url)
  const out = spawnSync(
    process.execPath,
    ['--import', 'tsx', self, '--child', task, '--file', file],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    }
  )
  if (out.status !== 0) throw new Error(`${task} failed:\n${out.stderr}`)
  return JSON.parse(out.stdout.trim().split('\n').at(-1)!) as Result
}

async function main() {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '20000,60000' },
      dir: { type: 'string', default: join(tmpdir(), 'winnow-bench') },
      child: { type: 'string' },
      file: { type: 'string' },
    },
  })
  if (values.child) {
    process.stdout.write(`${JSON.stringify(await child(values.child as Task, values.file!))}\n`)
    return
  }
  mkdirSync(values.dir, { recursive: true })
  const sizes = values.sizes.split(',').map(Number)
  console.log(`node ${process.version} · ${new Date().toISOString()}`)
  console.log(
    '| records | file | parse only | import | import rec/s | import ÷ parse | duplicates | peak RSS parse | peak RSS import | page query while importing (p50 / max) |'
  )
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
  for (const n of sizes) {
    const file = join(values.dir, `mixed-${n}.ris`)
    if (!existsSync(file)) writeRisFile(file, { n, seed: 7 })
    const parse = measure('parse', file)
    const imp = measure('import', file)
    pageTimes.push([n, imp])
    console.log(
      `| ${n.toLocaleString('en')} | ${mb(statSync(file).size).toFixed(0)} MB | ${(parse.ms / 1000).toFixed(2)} s | ${(imp.ms / 1000).toFixed(2)} s | ${Math.round(imp.records / (imp.ms / 1000)).toLocaleString('en')} | ${(imp.ms / parse.ms).toFixed(1)}× | ${imp.duplicates} | ${parse.peakRssMb.toFixed(0)} MB | ${imp.peakRssMb.toFixed(0)} MB | ${imp.readerP50Ms.toFixed(1)} / ${imp.readerMaxMs.toFixed(0)} ms |`
    )
  }
  console.log('\nRecords page after the import (best of 5, ms):')
  console.log('| records | first page | page near the end | search + count | count |')
  console.log('|---:|---:|---:|---:|---:|')
  for (const [n, r] of pageTimes) {
    const p = r.pages!
    console.log(
      `| ${n.toLocaleString('en')} | ${p.first.toFixed(1)} | ${p.deep.toFixed(1)} | ${p.search.toFixed(1)} | ${p.count.toFixed(1)} |`
    )
  }
}

const pageTimes: [number, Result][] = []

await main()
