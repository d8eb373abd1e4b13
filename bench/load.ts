// Load test on loopback: N reviewers screen at once for S seconds on a project of R records,
// against the real server in its own process (`winnow serve`). Each reviewer is a loop that
// posts a decision for the record on their card and reads the next card from the answer, as
// the htmx page does. Afterwards the database is checked: every acknowledged decision is
// stored exactly once, nothing else is, and no request failed.
//
//   node --import tsx bench/load.ts [--reviewers 20] [--seconds 60] [--records 20000] [--think MS] [--ranking on|off]
//
// Exits 1 when a request failed or a decision was lost or duplicated (so CI can run a short form).
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { eq } from 'drizzle-orm'
import { openDb } from '../src/db/client.ts'
import { migrateDb } from '../src/db/migrate.ts'
import { decisions, projects, rankings } from '../src/db/schema.ts'
import { runImport, startImport } from '../src/import/pipeline.ts'
import { addMember, createProject } from '../src/queries/projects.ts'
import { createSession } from '../src/queries/sessions.ts'
import { insertUser } from '../src/queries/users.ts'
import { startServer } from '../test/helpers/server.ts'
import { writeRisFile } from './gen-ris.ts'

const { values } = parseArgs({
  options: {
    reviewers: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '60' },
    records: { type: 'string', default: '20000' },
    /** Mean pause between a reviewer's decisions (ms), drawn uniformly from 0 to twice this. */
    think: { type: 'string', default: '0' },
    /** Priority screening on (the default for a new project) or off (random order). */
    ranking: { type: 'string', default: 'on' },
  },
})
const RANKING = values.ranking === 'on'
const THINK = Number(values.think)
const REVIEWERS = Number(values.reviewers)
const SECONDS = Number(values.seconds)
const RECORDS = Number(values.records)

const dir = mkdtempSync(join(tmpdir(), 'winnow-load-'))
const url = `file:${join(dir, 'winnow.db')}`

// Set up in this process, straight through the queries: 20 accounts and an import of R records.
const db = openDb({ url })
await migrateDb(db)
const ids: number[] = []
for (let i = 0; i <= REVIEWERS; i++) {
  const u = await db.write((tx) =>
    insertUser(tx, {
      email: `r${i}@example.org`,
      name: `Reviewer ${i}`,
      passwordHash: 'x',
      createdAt: 0,
      passwordChangedAt: 0,
    })
  )
  if (!u.ok) throw new Error(u.message)
  ids.push(u.value.id)
}
const project = await db.write((tx) =>
  createProject(tx, { name: 'Load', ownerId: ids[0]!, now: 0 })
)
await db.write((tx) =>
  tx.update(projects).set({ rankingEnabled: RANKING }).where(eq(projects.id, project.id))
)
for (let i = 1; i <= REVIEWERS; i++) {
  await db.write((tx) =>
    addMember(tx, {
      projectId: project.id,
      email: `r${i}@example.org`,
      role: 'reviewer',
      byUserId: null,
      now: 0,
    })
  )
}
const file = join(dir, 'load.ris')
writeRisFile(file, { n: RECORDS, seed: 11 })
const req = {
  projectId: project.id,
  sourceName: 'Load',
  sourceKind: 'database' as const,
  files: [{ name: 'load.ris', path: file, size: statSync(file).size }],
  userId: ids[0]!,
}
const started = await startImport({ db, now: Date.now }, req)
if (!started.ok) throw new Error(started.message)
await runImport({ db, now: Date.now }, started.value, req)
const cookies: string[] = []
for (let i = 1; i <= REVIEWERS; i++) {
  const { token } = await db.write((tx) => createSession(tx, ids[i]!, Date.now(), 1))
  cookies.push(`winnow_session=${token}`)
}

const server = await startServer({ DATABASE_URL: url, DATA_DIR: dir })
server.child.once('exit', (code, signal) => {
  if (!stopping)
    console.error(`the server stopped during the test (code ${code}, signal ${signal})`)
})
let stopping = false
const agent = new Agent({ keepAlive: true, maxSockets: REVIEWERS })
const { hostname, port } = new URL(server.url)

function call(method: string, path: string, cookie: string, body?: string) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const r = request(
      {
        agent,
        hostname,
        port,
        method,
        path,
        headers: {
          Cookie: cookie,
          Origin: server.url,
          'HX-Request': 'true',
          ...(body
            ? {
                'Content-Type': 'application/x-www-form-urlencoded',
                'Content-Length': Buffer.byteLength(body),
              }
            : {}),
        },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (d) => (text += d))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
      }
    )
    r.on('error', reject)
    r.end(body)
  })
}

const cardOf = (html: string) => Number(/data-record="(\d+)"/.exec(html)?.[1])
const latencies: number[] = []
const acknowledged: { reviewer: number; recordId: number }[] = []
let errors = 0
const errorSamples: string[] = []
const deadline = performance.now() + SECONDS * 1000

async function reviewer(i: number) {
  const cookie = cookies[i]!
  let current = cardOf((await call('GET', `/projects/${project.id}/screen`, cookie)).text)
  let n = 0
  while (performance.now() < deadline && Number.isFinite(current)) {
    const vote = (i + n++) % 3 === 0 ? 'exclude' : 'include'
    const t = performance.now()
    try {
      const res = await call(
        'POST',
        `/projects/${project.id}/records/${current}/decisions`,
        cookie,
        `stage=title_abstract&decision=${vote}`
      )
      latencies.push(performance.now() - t)
      if (res.status !== 200) {
        errors++
        if (errorSamples.length < 3) errorSamples.push(`${res.status}: ${res.text.slice(0, 300)}`)
        continue
      }
      acknowledged.push({ reviewer: i, recordId: current })
      current = cardOf(res.text)
      if (THINK > 0) await new Promise((r) => setTimeout(r, Math.random() * 2 * THINK))
    } catch (error) {
      errors++
      if (errorSamples.length < 3) errorSamples.push(String(error))
    }
  }
}

const t0 = performance.now()
await Promise.all(cookies.map((_, i) => reviewer(i)))
const elapsed = (performance.now() - t0) / 1000
stopping = true
await server.stop()

// The database afterwards: every acknowledged decision once, nothing more.
const stored = await db.orm
  .select({ userId: decisions.userId, recordId: decisions.recordId })
  .from(decisions)
const key = (u: number, r: number) => `${u}:${r}`
const storedKeys = new Map<string, number>()
for (const d of stored)
  storedKeys.set(key(d.userId, d.recordId), (storedKeys.get(key(d.userId, d.recordId)) ?? 0) + 1)
const lost = acknowledged.filter(
  (a) => !storedKeys.has(key(ids[a.reviewer + 1]!, a.recordId))
).length
const duplicated = [...storedKeys.values()].filter((n) => n > 1).length
const unexpected = stored.length - acknowledged.length
// What the ranking worker did meanwhile: each reviewer's last retraining.
const ranked = (await db.orm.select().from(rankings)).map((r) => r.ms).sort((a, b) => a - b)
db.close()
rmSync(dir, { recursive: true, force: true })

latencies.sort((a, b) => a - b)
const pct = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0
console.log(
  `node ${process.version} · ${new Date().toISOString()} · ${REVIEWERS} reviewers · ${SECONDS} s · ${RECORDS} records · think ${THINK} ms · ranking ${RANKING ? 'on' : 'off'}`
)
if (RANKING) {
  console.log(
    `ranking: ${ranked.length} of ${REVIEWERS} queues ranked; last retraining per reviewer (worker: read, train, rank) median ${ranked[Math.floor(ranked.length / 2)] ?? '–'} ms, max ${ranked.at(-1) ?? '–'} ms`
  )
}
console.log(
  '| reviewers | records | decisions | decisions/s | p50 | p95 | p99 | max | errors | lost | duplicated | unacknowledged stored |'
)
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
console.log(
  `| ${REVIEWERS} | ${RECORDS.toLocaleString('en')} | ${acknowledged.length} | ${(acknowledged.length / elapsed).toFixed(0)} | ${pct(50).toFixed(1)} ms | ${pct(95).toFixed(1)} ms | ${pct(99).toFixed(1)} ms | ${latencies.at(-1)?.toFixed(1)} ms | ${errors} | ${lost} | ${duplicated} | ${unexpected} |`
)
if (errors > 0 || lost > 0 || duplicated > 0 || unexpected !== 0) {
  console.error('load test FAILED: errors, lost or duplicated decisions')
  for (const sample of errorSamples) console.error(`  ${sample}`)
  console.error(`server output (end):\n${server.output().slice(-2000)}`)
  process.exit(1)
}
