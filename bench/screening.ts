// Screening benchmark: server time for "decision + next record" (the htmx POST a reviewer sends
// with each key press, answered with the next card and the progress bars) on projects of
// 20 000 and 100 000 records, through the real app (app.request) on a file database. In the
// same run, the baseline: finding the next record with a NOT EXISTS scan of the records table
// instead of the per-reviewer work queue.
//
//   node --import tsx bench/screening.ts [--sizes 20000,100000] [--decisions 400]
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createApp } from '../src/app.tsx'
import { createJobs } from '../src/http/jobs.ts'
import { openDb } from '../src/db/client.ts'
import { migrateDb } from '../src/db/migrate.ts'
import { runImport, startImport } from '../src/import/pipeline.ts'
import { addMember, createProject } from '../src/queries/projects.ts'
import { createSession } from '../src/queries/sessions.ts'
import { insertUser } from '../src/queries/users.ts'
import { writeRisFile } from './gen-ris.ts'

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '20000,100000' },
    decisions: { type: 'string', default: '400' },
    dir: { type: 'string', default: join(tmpdir(), 'winnow-bench') },
  },
})

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0
}

async function run(n: number) {
  mkdirSync(values.dir, { recursive: true })
  const file = join(values.dir, `mixed-${n}.ris`)
  if (!existsSync(file)) writeRisFile(file, { n, seed: 7 })
  const dir = mkdtempSync(join(tmpdir(), 'winnow-bench-screen-'))
  const db = openDb({ url: `file:${join(dir, 'bench.db')}` })
  await migrateDb(db)
  const users = []
  for (const email of ['lead@example.org', 'ann@example.org', 'bob@example.org']) {
    const u = await db.write((tx) =>
      insertUser(tx, { email, name: email, passwordHash: 'x', createdAt: 0, passwordChangedAt: 0 })
    )
    if (!u.ok) throw new Error(u.message)
    users.push(u.value)
  }
  const [lead, ann, bob] = users as [(typeof users)[0], (typeof users)[0], (typeof users)[0]]
  const project = await db.write((tx) =>
    createProject(tx, { name: 'Bench', ownerId: lead.id, now: 0 })
  )
  for (const u of [ann, bob]) {
    await db.write((tx) =>
      addMember(tx, {
        projectId: project.id,
        email: u.email,
        role: 'reviewer',
        byUserId: null,
        now: 0,
      })
    )
  }
  const request = {
    projectId: project.id,
    sourceName: 'Bench',
    sourceKind: 'database' as const,
    files: [{ name: 'b.ris', path: file, size: statSync(file).size }],
    userId: lead.id,
  }
  const started = await startImport({ db, now: Date.now }, request)
  if (!started.ok) throw new Error(started.message)
  const t0 = performance.now()
  await runImport({ db, now: Date.now }, started.value, request)
  const importS = (performance.now() - t0) / 1000

  // Priority screening is on (a new project's default): retraining runs in the background
  // while the decisions are timed, as it does for a team.
  const jobs = createJobs()
  const app = createApp({ db, config: { dataDir: dir }, jobs })
  const cookie = async (userId: number) => {
    const { token } = await db.write((tx) => createSession(tx, userId, Date.now(), 1))
    return `winnow_session=${token}`
  }
  const cookies = [await cookie(ann.id), await cookie(bob.id)]
  const base = `/projects/${project.id}`
  const current = await Promise.all(
    cookies.map(async (c) => {
      const html = await (await app.request(`${base}/screen`, { headers: { Cookie: c } })).text()
      return Number(/data-record="(\d+)"/.exec(html)![1])
    })
  )
  const times: number[] = []
  const total = Number(values.decisions)
  const votes = ['include', 'exclude', 'maybe']
  for (let i = 0; i < total; i++) {
    const who = i % 2
    const t = performance.now()
    const res = await app.request(`${base}/records/${current[who]}/decisions`, {
      method: 'POST',
      headers: {
        Cookie: cookies[who]!,
        Origin: 'http://localhost',
        'HX-Request': 'true',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ stage: 'title_abstract', decision: votes[i % 3]! }),
    })
    const html = await res.text()
    times.push(performance.now() - t)
    if (res.status !== 200)
      throw new Error(`decision answered ${res.status}: ${html.slice(0, 200)}`)
    current[who] = Number(/data-record="(\d+)"/.exec(html)![1])
  }

  // Baseline: the next record for Ann by scanning records for one she has not voted on.
  const scan = async () => {
    const t = performance.now()
    await db.client.execute({
      sql: `SELECT r.id FROM records r WHERE r.project_id = ? AND r.duplicate_of IS NULL
            AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.record_id = r.id AND d.user_id = ?)
            ORDER BY random() LIMIT 1`,
      args: [project.id, ann.id],
    })
    return performance.now() - t
  }
  const scans: number[] = []
  for (let i = 0; i < 20; i++) scans.push(await scan())
  await jobs.idle()
  db.close()
  rmSync(dir, { recursive: true, force: true })
  return { n, importS, times, scans }
}

console.log(
  `node ${process.version} · ${new Date().toISOString()} · ${values.decisions} decisions per size, two reviewers alternating`
)
console.log(
  '| records | decision + next card p50 | p95 | max | baseline: next record by NOT EXISTS scan (p50) |'
)
console.log('|---:|---:|---:|---:|---:|')
for (const n of values.sizes.split(',').map(Number)) {
  const r = await run(n)
  console.log(
    `| ${n.toLocaleString('en')} | ${pct(r.times, 50).toFixed(1)} ms | ${pct(r.times, 95).toFixed(1)} ms | ${Math.max(...r.times).toFixed(1)} ms | ${pct(r.scans, 50).toFixed(1)} ms |`
  )
}
