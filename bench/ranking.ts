// Priority screening at scale: what one retraining costs on projects of 20 000 and 100 000
// records for a reviewer with 2 000 decisions. The worker's part (read what the reviewer may
// see, train, rank; the records' vectors built once, then reused) and the server's part
// (writing the new order into the queue, the only step that holds the write lock). In the
// same run, the baseline for the write: rewriting every key of the queue instead of its front.
//
//   node --import tsx bench/ranking.ts [--sizes 20000,100000] [--labelled 2000]
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import { openDb } from '../src/db/client.ts'
import { migrateDb } from '../src/db/migrate.ts'
import { decisions, queue } from '../src/db/schema.ts'
import { seededRandom } from '../src/domain/simulate.ts'
import { runImport, startImport } from '../src/import/pipeline.ts'
import { addMember, createProject } from '../src/queries/projects.ts'
import { applyRanking, FRONT_SIZE } from '../src/queries/ranking.ts'
import { insertUser } from '../src/queries/users.ts'
import { createComputer } from '../src/ranking/compute.ts'
import { createRankPool } from '../src/ranking/pool.ts'
import { writeRisFile } from './gen-ris.ts'

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '20000,100000' },
    labelled: { type: 'string', default: '2000' },
    dir: { type: 'string', default: join(tmpdir(), 'winnow-bench') },
  },
})
const LABELLED = Number(values.labelled)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0
const time = async (f: () => Promise<unknown>) => {
  const t = performance.now()
  await f()
  return performance.now() - t
}

async function run(n: number) {
  mkdirSync(values.dir, { recursive: true })
  const file = join(values.dir, `mixed-${n}.ris`)
  if (!existsSync(file)) writeRisFile(file, { n, seed: 7 })
  const dir = mkdtempSync(join(tmpdir(), 'winnow-bench-ranking-'))
  const url = `file:${join(dir, 'bench.db')}`
  const db = openDb({ url })
  await migrateDb(db)
  const made = []
  for (const email of ['lead@example.org', 'ann@example.org']) {
    const u = await db.write((tx) =>
      insertUser(tx, { email, name: email, passwordHash: 'x', createdAt: 0, passwordChangedAt: 0 })
    )
    if (!u.ok) throw new Error(u.message)
    made.push(u.value)
  }
  const [lead, ann] = made as [(typeof made)[0], (typeof made)[0]]
  const project = await db.write((tx) => createProject(tx, { name: 'Bench', ownerId: lead.id, now: 0 })) // prettier-ignore
  await db.write(
    (tx) =>
    addMember(tx, { projectId: project.id, email: ann.email, role: 'reviewer', byUserId: null, now: 0 }) // prettier-ignore
  )
  const request = {
    projectId: project.id,
    sourceName: 'Bench',
    sourceKind: 'database' as const,
    files: [{ name: 'b.ris', path: file, size: statSync(file).size }],
    userId: lead.id,
  }
  const started = await startImport({ db, now: Date.now }, request)
  if (!started.ok) throw new Error(started.message)
  await runImport({ db, now: Date.now }, started.value, request)

  // Ann's first LABELLED records of her queue decided (about 10 % included), straight in SQL.
  const mine = and(eq(queue.projectId, project.id), eq(queue.userId, ann.id), isNull(queue.doneAt))
  const first = await db.orm.select({ id: queue.recordId }).from(queue).where(mine).orderBy(asc(queue.sortKey)).limit(LABELLED) // prettier-ignore
  const random = seededRandom(3)
  await db.write(async (tx) => {
    for (const { id } of first) {
      const decision = random() < 0.1 ? 'include' : 'exclude'
      await tx.insert(decisions).values({ projectId: project.id, recordId: id, stage: 'title_abstract', userId: ann.id, decision, createdAt: 1 }) // prettier-ignore
      await tx.update(queue).set({ doneAt: 1 }).where(and(eq(queue.userId, ann.id), eq(queue.recordId, id))) // prettier-ignore
    }
  })
  const who = { db: db.options, projectId: project.id, userId: ann.id }

  // The worker's part, in this thread (the worker runs exactly this).
  const computer = createComputer()
  let result = await computer.rank(who)
  const cold = result.ms
  const warm: number[] = []
  for (let i = 0; i < 5; i++) warm.push((result = await computer.rank(who)).ms)
  computer.close()
  // One round trip through the real worker thread, vectors cold.
  const pool = createRankPool()
  const viaWorker = await time(() => pool.rank(who))
  await pool.close()

  // The server's part: the write, front only (Winnow) against every key (baseline).
  const ranked = { projectId: project.id, userId: ann.id, ...result, now: Date.now() }
  const writes = async (front: number) => {
    const ms: number[] = []
    for (let i = 0; i < 5; i++) {
      const order = i % 2 ? [...result.order].reverse() : result.order
      ms.push(await time(() => db.write((tx) => applyRanking(tx, { ...ranked, order }, front))))
    }
    return median(ms)
  }
  const front = await writes(FRONT_SIZE)
  const everything = await writes(result.order.length)
  const [{ waiting }] = (await db.orm.select({ waiting: sql<number>`count(*)` }).from(queue).where(mine)) as [{ waiting: number }] // prettier-ignore
  db.close()
  rmSync(dir, { recursive: true, force: true })
  return {
    n,
    waiting,
    cold,
    warm: median(warm),
    viaWorker,
    front,
    everything,
    trained: result.trained,
  }
}

console.log(`node ${process.version} · ${new Date().toISOString()} · ${LABELLED} decisions by the reviewer (≈10 % include)`) // prettier-ignore
console.log('| records | waiting | retrain: vectors built (ms) | retrain: vectors reused, median (ms) | through the worker thread, cold (ms) | write: front of queue (ms) | baseline write: every key (ms) |') // prettier-ignore
console.log('|---:|---:|---:|---:|---:|---:|---:|')
for (const n of values.sizes.split(',').map(Number)) {
  const r = await run(n)
  if (!r.trained) throw new Error('the model did not train: no include or no exclude')
  console.log(`| ${n.toLocaleString('en')} | ${r.waiting.toLocaleString('en')} | ${r.cold} | ${r.warm} | ${r.viaWorker.toFixed(0)} | ${r.front.toFixed(1)} | ${r.everything.toFixed(1)} |`) // prettier-ignore
}
