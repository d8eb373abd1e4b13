import { and, asc, eq, isNull, ne, notInArray, or } from 'drizzle-orm'
import { createReadStream } from 'node:fs'
import type { Db, Q } from '../db/client.ts'
import { importWarnings, imports, records } from '../db/schema.ts'
import { readBibliographic, type ParsedRecord, type ParseEvent } from '../domain/bibliographic.ts'
import { createDedupeIndex, type DedupeIndex, type DuplicateMatch } from '../domain/dedupe.ts'
import { fail, ok, type Outcome } from '../errors.ts'
import {
  createImportRow,
  discardImport,
  HEARTBEAT_MS,
  recoverStaleImports,
  runningImport,
  type ImportRow,
} from '../queries/imports.ts'
import { visibleImport } from '../queries/records.ts'
import { audit } from '../queries/audit.ts'
import { enterScreening } from '../queries/screening-entry.ts'

export interface ImportFile {
  /** The name the person gave the file (shown in the report and kept with each record). */
  name: string
  path: string
  size: number
}

export interface ImportRequest {
  projectId: number
  sourceName: string
  sourceKind: 'database' | 'register'
  files: ImportFile[]
  userId: number | null
}

export interface FileSummary {
  name: string
  format: 'ris' | 'nbib'
  encoding: string
  records: number
  warnings: number
}

export interface ImportSummary {
  import: number
  records: number
  duplicates: number
  warnings: number
  files: FileSummary[]
}

interface Deps {
  db: Db
  now: () => number
}

/** Records are committed in batches this size (and at least this often), so other writes interleave. */
const BATCH_RECORDS = 500
const BATCH_MS = 250
/** Rows per INSERT statement: well under SQLite's bound-parameter limit. */
const ROWS_PER_INSERT = 100
/** A broken file can warn on every line; the report keeps this many and counts the rest. */
const MAX_STORED_WARNINGS = 5000

/**
 * Checks every file is RIS or .nbib and no other import of the project is running, then
 * creates the import row. Nothing is written when a file is refused.
 */
export async function startImport(
  deps: Deps,
  req: ImportRequest
): Promise<Outcome<ImportRow, 'refused' | 'busy' | 'empty'>> {
  if (req.files.length === 0) return fail('empty', 'Choose at least one file to import.')
  for (const file of req.files) {
    const first = await sniff(file.path)
    if (first.kind === 'refused') return fail('refused', `${file.name}: ${first.message}`)
  }
  const { db, now } = deps
  return db.write(async (tx) => {
    await recoverStaleImports(tx, now())
    const running = await runningImport(tx, req.projectId)
    if (running) {
      return fail(
        'busy',
        `Another import (${running.sourceName}) is still running in this project. Wait for it to finish, then try again.`
      )
    }
    const row = await createImportRow(tx, {
      projectId: req.projectId,
      sourceName: req.sourceName,
      sourceKind: req.sourceKind,
      fileNames: req.files.map((f) => f.name),
      bytesTotal: req.files.reduce((n, f) => n + f.size, 0),
      userId: req.userId,
      now: now(),
    })
    return ok(row)
  })
}

async function sniff(path: string): Promise<ParseEvent> {
  const stream = createReadStream(path)
  try {
    for await (const event of readBibliographic(stream)) {
      if (event.kind === 'format' || event.kind === 'refused') return event
    }
    return { kind: 'refused', looksLike: 'nothing', message: 'The file could not be read.' }
  } finally {
    stream.destroy()
  }
}

/**
 * Reads every file and commits its records in batches, invisible until the last step marks
 * the import complete. On any failure the batches already written are removed again.
 */
export async function runImport(
  deps: Deps,
  row: ImportRow,
  req: ImportRequest
): Promise<ImportSummary> {
  const { db, now } = deps
  // Beats even while one huge record is being read, so no one takes the import for dead.
  const heartbeat = setInterval(() => {
    db.write((tx) =>
      tx
        .update(imports)
        .set({ heartbeatAt: now() })
        .where(and(eq(imports.id, row.id), eq(imports.status, 'running')))
    ).catch((error) => console.error(`import ${row.id}: heartbeat failed:`, error))
  }, HEARTBEAT_MS)
  try {
    const dedupe = await loadDedupeIndex(db.orm, req.projectId)
    const progress = { bytes: 0, records: 0, duplicates: 0, warnings: 0, storedWarnings: 0 }
    const files: FileSummary[] = []
    for (const file of req.files) {
      files.push(await importFile(deps, row.id, file, dedupe, progress))
    }
    await db.write(async (tx) => {
      await tx
        .update(imports)
        .set({
          status: 'complete',
          recordCount: progress.records,
          duplicateCount: progress.duplicates,
          warningCount: progress.warnings,
          fileSummaries: files,
          bytesDone: row.bytesTotal,
          heartbeatAt: now(),
          finishedAt: now(),
        })
        .where(eq(imports.id, row.id))
      await enterScreening(tx, req.projectId, { importId: row.id }, now())
      await audit(tx, {
        projectId: req.projectId,
        userId: req.userId,
        action: 'import.complete',
        detail: {
          importId: row.id,
          source: req.sourceName,
          records: progress.records,
          duplicates: progress.duplicates,
        },
        at: now(),
      })
    })
    return {
      import: row.id,
      records: progress.records,
      duplicates: progress.duplicates,
      warnings: progress.warnings,
      files,
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    await db.write((tx) =>
      discardImport(tx, row.id, `The import failed and nothing of it was kept: ${message}`, now())
    )
    throw error
  } finally {
    clearInterval(heartbeat)
  }
}

async function importFile(
  deps: Deps,
  importId: number,
  file: ImportFile,
  dedupe: DedupeIndex,
  progress: {
    bytes: number
    records: number
    duplicates: number
    warnings: number
    storedWarnings: number
  }
): Promise<FileSummary> {
  const summary: FileSummary = {
    name: file.name,
    format: 'ris',
    encoding: '',
    records: 0,
    warnings: 0,
  }
  let batch: ParsedRecord[] = []
  let warnings: { line: number | null; message: string }[] = []
  let lastFlush = Date.now()
  const bytesBefore = progress.bytes

  const flush = async () => {
    const toWrite = batch
    const warned = warnings
    batch = []
    warnings = []
    lastFlush = Date.now()
    const duplicates = await writeBatch(
      deps,
      importId,
      file.name,
      toWrite,
      warned,
      dedupe,
      progress
    )
    progress.records += toWrite.length
    progress.duplicates += duplicates
  }

  const stream = createReadStream(file.path)
  try {
    for await (const event of readBibliographic(counted(stream, progress))) {
      switch (event.kind) {
        case 'format':
          summary.format = event.format
          summary.encoding = event.encoding
          break
        case 'refused':
          throw new Error(`${file.name}: ${event.message}`)
        case 'record':
          batch.push(event.record)
          summary.records += 1
          break
        case 'warning':
          summary.warnings += 1
          progress.warnings += 1
          if (progress.storedWarnings < MAX_STORED_WARNINGS) {
            progress.storedWarnings += 1
            warnings.push(event.warning)
          }
          break
        case 'end':
          break
      }
      if (
        batch.length >= BATCH_RECORDS ||
        (batch.length > 0 && Date.now() - lastFlush > BATCH_MS)
      ) {
        await flush()
      }
    }
    if (
      progress.warnings > progress.storedWarnings &&
      progress.storedWarnings === MAX_STORED_WARNINGS
    ) {
      progress.storedWarnings += 1
      warnings.push({
        line: null,
        message: `More warnings followed: ${progress.warnings} in all; only the first ${MAX_STORED_WARNINGS} are listed.`,
      })
    }
    await flush()
  } finally {
    stream.destroy()
  }
  progress.bytes = bytesBefore + file.size
  return summary
}

async function* counted(stream: AsyncIterable<Buffer>, progress: { bytes: number }) {
  for await (const chunk of stream) {
    progress.bytes += chunk.length
    yield chunk
  }
}

/** Inserts one batch, marks its duplicates, and beats the import's heartbeat. Returns duplicates found. */
async function writeBatch(
  deps: Deps,
  importId: number,
  fileName: string,
  batch: ParsedRecord[],
  warnings: { line: number | null; message: string }[],
  dedupe: DedupeIndex,
  progress: { bytes: number; records: number }
): Promise<number> {
  const { db, now } = deps
  return db.write(async (tx) => {
    const [current] = await tx
      .select({ status: imports.status, projectId: imports.projectId })
      .from(imports)
      .where(eq(imports.id, importId))
    if (current?.status !== 'running') throw new Error('the import was stopped')
    const ids: number[] = []
    for (let i = 0; i < batch.length; i += ROWS_PER_INSERT) {
      const rows = batch.slice(i, i + ROWS_PER_INSERT).map((r) => ({
        projectId: current.projectId,
        importId,
        fileName,
        position: r.position,
        startLine: r.startLine,
        type: r.type,
        title: r.title,
        abstract: r.abstract,
        authors: r.authors,
        year: r.year,
        journal: r.journal,
        doi: r.doi,
        keywords: r.keywords,
        database: r.database,
        raw: r.raw,
      }))
      const inserted = await tx.insert(records).values(rows).returning({ id: records.id })
      for (const { id } of inserted) ids.push(id)
    }
    const matches: DuplicateMatch[] = []
    batch.forEach((r, i) => {
      const match = dedupe.add({ id: ids[i]!, doi: r.doi, title: r.title, year: r.year })
      if (match) matches.push(match)
    })
    for (const m of matches) {
      await tx
        .update(records)
        .set({ duplicateOf: m.duplicateOf, duplicateReason: m.reason, duplicateScore: m.score })
        .where(eq(records.id, m.id))
    }
    if (warnings.length > 0) {
      await tx
        .insert(importWarnings)
        .values(warnings.map((w) => ({ importId, fileName, line: w.line, message: w.message })))
    }
    await tx
      .update(imports)
      .set({
        heartbeatAt: now(),
        bytesDone: progress.bytes,
        recordCount: progress.records + batch.length,
      })
      .where(eq(imports.id, importId))
    return matches.length
  })
}

/**
 * Everything already in the project, in import order: the first-imported record stays kept,
 * and earlier duplicates still catch later copies by their own DOI and title. With
 * leaveOutImport, that import's records and the duplicates pointing at them are left out.
 */
export async function loadDedupeIndex(
  q: Q,
  projectId: number,
  leaveOutImport?: number
): Promise<DedupeIndex> {
  const leftOut =
    leaveOutImport === undefined
      ? undefined
      : and(
          ne(records.importId, leaveOutImport),
          or(
            isNull(records.duplicateOf),
            notInArray(
              records.duplicateOf,
              q.select({ id: records.id }).from(records).where(eq(records.importId, leaveOutImport))
            )
          )
        )
  const prior = await q
    .select({
      id: records.id,
      doi: records.doi,
      title: records.title,
      year: records.year,
      duplicateOf: records.duplicateOf,
    })
    .from(records)
    .innerJoin(imports, visibleImport)
    .where(and(eq(records.projectId, projectId), leftOut))
    .orderBy(asc(records.id))
  return createDedupeIndex(prior)
}
