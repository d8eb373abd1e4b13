import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import type { Db } from '../../src/db/client.ts'
import { imports, records, recordStages } from '../../src/db/schema.ts'
import { runImport, startImport, type ImportRequest } from '../../src/import/pipeline.ts'
import { removeImport } from '../../src/import/remove.ts'
import { recoverStaleImports, STALE_AFTER_MS } from '../../src/queries/imports.ts'
import { makeProject, makeUser } from '../helpers/app.ts'
import { freshDb } from '../helpers/db.ts'
import { distinctRecords, risFile, type RisFields } from '../helpers/ris.ts'

async function setup() {
  const ctx = await freshDb()
  const lead = await makeUser(ctx.db, 'lead@example.org')
  const project = await makeProject(ctx.db, lead.id)
  let n = 0
  const file = (recs: RisFields[], name = `file${++n}.ris`) => {
    const path = join(ctx.dir, name)
    writeFileSync(path, risFile(recs))
    return { name, path, size: risFile(recs).length }
  }
  const request = (files: ReturnType<typeof file>[], sourceName = 'Scopus'): ImportRequest => ({
    projectId: project.id,
    sourceName,
    sourceKind: 'database',
    files,
    userId: lead.id,
  })
  const importAll = async (req: ImportRequest, db: Db = ctx.db) => {
    const started = await startImport({ db, now: Date.now }, req)
    if (!started.ok) throw new Error(started.message)
    return runImport({ db, now: Date.now }, started.value, req)
  }
  return { ...ctx, project, lead, file, request, importAll }
}

/** The real database, with a fault injected: the nth write transaction throws after its work. */
function failingOnWrite(db: Db, nth: number): Db {
  let writes = 0
  return {
    ...db,
    write: (fn) =>
      db.write(async (tx) => {
        const result = await fn(tx)
        if (++writes === nth) throw new Error('disk full (injected)')
        return result
      }),
  }
}

describe('the import pipeline', () => {
  it('commits in batches and reports records, warnings and files', async () => {
    const { file, request, importAll, db } = await setup()
    const summary = await importAll(request([file(distinctRecords(1234))]))
    expect(summary).toMatchObject({ records: 1234, duplicates: 0, warnings: 0 })
    expect(summary.files).toEqual([
      { name: 'file1.ris', format: 'ris', encoding: 'utf-8', records: 1234, warnings: 0 },
    ])
    expect(await db.orm.$count(records)).toBe(1234)
    expect(await db.orm.$count(recordStages)).toBe(1234)
  })

  it('is atomic: a failure half-way removes every batch already written', async () => {
    const { file, request, importAll, db } = await setup()
    // Batches are 500 records: the third write is the second batch.
    const broken = failingOnWrite(db, 3)
    await expect(importAll(request([file(distinctRecords(1600))]), broken)).rejects.toThrow(
      'disk full'
    )
    expect(await db.orm.$count(records)).toBe(0)
    expect(await db.orm.$count(recordStages)).toBe(0)
    const [imp] = await db.orm.select().from(imports)
    expect(imp?.status).toBe('failed')
    expect(imp?.error).toContain('nothing of it was kept')
    expect(imp?.error).toContain('disk full')
  })

  it('keeps records of a running import out of sight until it completes', async () => {
    const { file, request, db } = await setup()
    const req = request([file(distinctRecords(600))])
    const started = await startImport({ db, now: Date.now }, req)
    if (!started.ok) throw new Error(started.message)
    let seenWhileRunning = -1
    const watching: Db = {
      ...db,
      write: async (fn) => {
        const result = await db.write(fn)
        const { countRecords } = await import('../../src/queries/records.ts')
        if (seenWhileRunning < 0 && (await db.orm.$count(records)) > 0) {
          seenWhileRunning = await countRecords(db.orm, { projectId: req.projectId })
        }
        return result
      },
    }
    await runImport({ db: watching, now: Date.now }, started.value, req)
    expect(seenWhileRunning).toBe(0)
  })

  it('removes an import cut off by a crash, once its heartbeat is stale', async () => {
    const { file, request, db } = await setup()
    const req = request([file(distinctRecords(10))])
    const started = await startImport({ db, now: () => 1_000_000 }, req)
    if (!started.ok) throw new Error(started.message)
    // Simulate a process that wrote a batch and died: records exist, status still running.
    await db.write((tx) =>
      tx.insert(records).values({
        projectId: req.projectId,
        importId: started.value.id,
        fileName: 'file1.ris',
        position: 1,
        startLine: 1,
        authors: [],
        keywords: [],
        raw: [['TY', 'JOUR']],
      })
    )
    expect(await db.write((tx) => recoverStaleImports(tx, 1_000_000 + 1000))).toEqual([])
    const removed = await db.write((tx) => recoverStaleImports(tx, 1_000_000 + STALE_AFTER_MS + 1))
    expect(removed).toEqual([started.value.id])
    expect(await db.orm.$count(records)).toBe(0)
    const [imp] = await db.orm.select().from(imports)
    expect(imp?.status).toBe('failed')
    expect(imp?.error).toContain('cut off')
  })

  it('marks duplicates against earlier imports and within the file, keeping the first', async () => {
    const { file, request, importAll, db } = await setup()
    const base = distinctRecords(3, 'Shared')
    await importAll(request([file(base)], 'Scopus'))
    const second = await importAll(
      request(
        [
          file([
            { ...base[0]!, doi: undefined, title: base[0]!.title!.toUpperCase() + '.' },
            { ...base[1]! },
            ...distinctRecords(1, 'Fresh'),
            ...distinctRecords(1, 'Fresh'),
          ]),
        ],
        'Web of Science'
      )
    )
    expect(second).toMatchObject({ records: 4, duplicates: 3 })
    const rows = await db.orm.select().from(records).orderBy(records.id)
    const [s1, s2, , w1, w2, f1, f2] = rows
    expect(w1?.duplicateOf).toBe(s1!.id)
    expect(w1?.duplicateReason).toBe('title_year')
    expect(w2?.duplicateOf).toBe(s2!.id)
    expect(w2?.duplicateReason).toBe('doi')
    expect(f1?.duplicateOf).toBeNull()
    expect(f2?.duplicateOf).toBe(f1!.id)
    // Duplicates never enter screening.
    expect(await db.orm.$count(recordStages)).toBe(4)
  })

  it('on removing an import, re-points the duplicates that depended on it', async () => {
    const { file, request, importAll, db, project, lead } = await setup()
    const shared = distinctRecords(2, 'Shared')
    const first = await importAll(request([file(shared)], 'Scopus'))
    await importAll(request([file(shared)], 'Web of Science'))
    await importAll(request([file(shared)], 'PubMed'))
    const removed = await db.write((tx) =>
      removeImport(tx, { projectId: project.id, importId: first.import, userId: lead.id, now: 1 })
    )
    expect(removed.ok).toBe(true)
    const rows = await db.orm.select().from(records).orderBy(records.id)
    expect(rows).toHaveLength(4)
    const [w1, w2, p1, p2] = rows
    expect([w1?.duplicateOf, w2?.duplicateOf]).toEqual([null, null])
    expect([p1?.duplicateOf, p2?.duplicateOf]).toEqual([w1!.id, w2!.id])
    const stages = await db.orm.select().from(recordStages)
    expect(stages.map((s) => s.recordId).sort()).toEqual([w1!.id, w2!.id].sort())
  })

  it('refuses to remove an import whose records were screened', async () => {
    const { file, request, importAll, db, project, lead } = await setup()
    const summary = await importAll(request([file(distinctRecords(2))]))
    const [rec] = await db.orm.select().from(records).where(eq(records.importId, summary.import))
    const { decisions } = await import('../../src/db/schema.ts')
    await db.write((tx) =>
      tx.insert(decisions).values({
        projectId: project.id,
        recordId: rec!.id,
        stage: 'title_abstract',
        userId: lead.id,
        decision: 'include',
        createdAt: 1,
      })
    )
    const removed = await db.write((tx) =>
      removeImport(tx, { projectId: project.id, importId: summary.import, userId: lead.id, now: 1 })
    )
    expect(removed).toMatchObject({ ok: false, error: 'screened' })
    expect(await db.orm.$count(records)).toBe(2)
  })
})
