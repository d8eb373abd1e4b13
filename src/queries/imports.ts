import { and, asc, count, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm'
import type { Q } from '../db/client.ts'
import { decisions, importWarnings, imports, records } from '../db/schema.ts'

export type ImportRow = typeof imports.$inferSelect

/**
 * A running import beats every HEARTBEAT_MS; when its process dies the beat stops, and after
 * STALE_AFTER_MS it counts as cut off.
 */
export const HEARTBEAT_MS = 2000
export const STALE_AFTER_MS = 15_000

export async function createImportRow(
  q: Q,
  input: {
    projectId: number
    sourceName: string
    sourceKind: 'database' | 'register'
    fileNames: string[]
    bytesTotal: number
    userId: number | null
    now: number
  }
): Promise<ImportRow> {
  const [row] = await q
    .insert(imports)
    .values({
      projectId: input.projectId,
      sourceName: input.sourceName,
      sourceKind: input.sourceKind,
      fileNames: input.fileNames,
      status: 'running',
      bytesTotal: input.bytesTotal,
      heartbeatAt: input.now,
      createdBy: input.userId,
      createdAt: input.now,
    })
    .returning()
  if (!row) throw new Error('insert into imports returned nothing')
  return row
}

export async function findImport(q: Q, projectId: number, importId: number) {
  const [row] = await q
    .select()
    .from(imports)
    .where(and(eq(imports.projectId, projectId), eq(imports.id, importId)))
  return row
}

export async function runningImport(q: Q, projectId: number) {
  const [row] = await q
    .select()
    .from(imports)
    .where(and(eq(imports.projectId, projectId), eq(imports.status, 'running')))
  return row
}

export async function listImports(q: Q, projectId: number) {
  return q.select().from(imports).where(eq(imports.projectId, projectId)).orderBy(desc(imports.id))
}

/**
 * Imports cut off by a crash or a kill: their committed batches are removed and the import is
 * marked failed, so the project is exactly as it was before the upload.
 */
export async function recoverStaleImports(q: Q, now: number): Promise<number[]> {
  const stale = await q
    .select({ id: imports.id })
    .from(imports)
    .where(and(eq(imports.status, 'running'), lt(imports.heartbeatAt, now - STALE_AFTER_MS)))
  for (const { id } of stale) {
    await discardImport(
      q,
      id,
      'The import was cut off (the server stopped); nothing of it was kept.',
      now
    )
  }
  return stale.map((s) => s.id)
}

export async function discardImport(q: Q, importId: number, error: string, now: number) {
  await q.delete(records).where(eq(records.importId, importId))
  await q.delete(importWarnings).where(eq(importWarnings.importId, importId))
  await q
    .update(imports)
    .set({ status: 'failed', error, finishedAt: now, recordCount: 0, duplicateCount: 0 })
    .where(eq(imports.id, importId))
}

export async function importReport(q: Q, importId: number) {
  const [counts] = await q
    .select({
      records: count(),
      duplicates: sql<number>`sum(${records.duplicateOf} IS NOT NULL)`,
      withoutTitle: sql<number>`sum(${records.title} IS NULL)`,
      withoutAbstract: sql<number>`sum(${records.abstract} IS NULL)`,
    })
    .from(records)
    .where(eq(records.importId, importId))
  const samples = await q
    .select()
    .from(records)
    .where(and(eq(records.importId, importId), isNull(records.duplicateOf)))
    .orderBy(asc(records.id))
    .limit(3)
  return {
    records: counts?.records ?? 0,
    duplicates: Number(counts?.duplicates ?? 0),
    withoutTitle: Number(counts?.withoutTitle ?? 0),
    withoutAbstract: Number(counts?.withoutAbstract ?? 0),
    samples,
  }
}

export async function listWarnings(q: Q, importId: number, limit = 500) {
  return q
    .select()
    .from(importWarnings)
    .where(eq(importWarnings.importId, importId))
    .orderBy(asc(importWarnings.id))
    .limit(limit)
}

/** An import may be removed while nobody has voted on any of its records. */
export async function importHasDecisions(q: Q, importId: number): Promise<boolean> {
  const [row] = await q
    .select({ id: decisions.id })
    .from(decisions)
    .innerJoin(records, eq(records.id, decisions.recordId))
    .where(eq(records.importId, importId))
    .limit(1)
  return row !== undefined
}

/** Records elsewhere in the project that were marked duplicates of this import's records. */
export async function dependentDuplicates(q: Q, importId: number) {
  const own = q.select({ id: records.id }).from(records).where(eq(records.importId, importId))
  return q
    .select({ id: records.id, doi: records.doi, title: records.title, year: records.year })
    .from(records)
    .where(and(inArray(records.duplicateOf, own), sql`${records.importId} <> ${importId}`))
    .orderBy(asc(records.id))
}
