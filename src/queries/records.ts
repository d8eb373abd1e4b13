import {
  and,
  asc,
  count,
  desc,
  eq,
  gt,
  inArray,
  isNotNull,
  isNull,
  lt,
  sql,
  type SQL,
} from 'drizzle-orm'
import type { Q } from '../db/client.ts'
import { imports, records } from '../db/schema.ts'

/** Records are visible once their import is complete; a running import's rows are not yet. */
export const visibleImport = and(eq(imports.id, records.importId), eq(imports.status, 'complete'))

/**
 * The same rule as a condition on records alone, for counts: SQLite then counts each complete
 * import's records from the import index instead of joining every row.
 */
export function inVisibleImports(q: Q, projectId: number, source?: string) {
  return inArray(
    records.importId,
    q
      .select({ id: imports.id })
      .from(imports)
      .where(
        and(
          eq(imports.projectId, projectId),
          eq(imports.status, 'complete'),
          source === undefined ? undefined : eq(imports.sourceName, source)
        )
      )
  )
}

export interface RecordFilter {
  projectId: number
  /** Words to find in title, abstract or authors (full-text; a trailing * matches prefixes). */
  search?: string | undefined
  importId?: number | undefined
  /** The source name an import was given (several imports may share one). */
  source?: string | undefined
  /** 'kept': not marked duplicates; 'duplicates': only those. */
  show?: 'all' | 'kept' | 'duplicates' | undefined
}

/** What a record's card shows of it, wherever records are listed. */
export const citation = {
  id: records.id,
  title: records.title,
  authors: records.authors,
  year: records.year,
  journal: records.journal,
}

export const PAGE_SIZE = 50

/**
 * Turns what a person typed into a safe FTS5 query: each word quoted, all required. Words are
 * split where the index's tokenizer splits them (apostrophes, hyphens), since the index keeps
 * no positions for phrase matching.
 */
export function ftsQuery(input: string): string | null {
  const words = input.match(/[\p{L}\p{N}]+\*?/gu) ?? []
  if (words.length === 0) return null
  return words
    .slice(0, 20)
    .map((w) => {
      const prefix = w.endsWith('*')
      const bare = (prefix ? w.slice(0, -1) : w).replace(/"/g, '')
      return `"${bare}"${prefix ? '*' : ''}`
    })
    .join(' ')
}

function conditions(q: Q, f: RecordFilter): SQL[] {
  // No project_id test here: the import ids imply it, and without it SQLite counts from the
  // (import_id, duplicate_of) index instead of reading every 3 KB row (90 ms → 2 ms at 100 000).
  const where: SQL[] = [inVisibleImports(q, f.projectId, f.source)]
  if (f.importId !== undefined) where.push(eq(records.importId, f.importId))
  if (f.show === 'kept') where.push(isNull(records.duplicateOf))
  if (f.show === 'duplicates') where.push(isNotNull(records.duplicateOf))
  const fts = f.search ? ftsQuery(f.search) : null
  if (fts) {
    where.push(sql`${records.id} IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ${fts})`)
  }
  return where
}

/**
 * One page of records, newest import last, by keyset on id (stays fast at any depth):
 * `after` is the last id of the previous page, `before` the first id of the next one.
 */
export async function listRecords(
  q: Q,
  f: RecordFilter,
  page: { after?: number | undefined; before?: number | undefined } = {}
) {
  const where = [eq(records.projectId, f.projectId), ...conditions(q, f)]
  if (page.after !== undefined) where.push(gt(records.id, page.after))
  if (page.before !== undefined) where.push(lt(records.id, page.before))
  const rows = await q
    .select({
      ...citation,
      doi: records.doi,
      duplicateOf: records.duplicateOf,
      sourceName: imports.sourceName,
    })
    .from(records)
    .innerJoin(imports, eq(imports.id, records.importId))
    .where(and(...where))
    .orderBy(page.before !== undefined ? desc(records.id) : asc(records.id))
    .limit(PAGE_SIZE + 1)
  const more = rows.length > PAGE_SIZE
  const pageRows = rows.slice(0, PAGE_SIZE)
  if (page.before !== undefined) pageRows.reverse()
  return { rows: pageRows, more }
}

export async function countRecords(q: Q, f: RecordFilter): Promise<number> {
  const [row] = await q
    .select({ n: count() })
    .from(records)
    .where(and(...conditions(q, f)))
  return row?.n ?? 0
}

export async function sourceNames(q: Q, projectId: number): Promise<string[]> {
  const rows = await q
    .selectDistinct({ name: imports.sourceName })
    .from(imports)
    .where(and(eq(imports.projectId, projectId), eq(imports.status, 'complete')))
    .orderBy(asc(imports.sourceName))
  return rows.map((r) => r.name)
}

export async function findRecord(q: Q, projectId: number, recordId: number) {
  const [row] = await q
    .select({ record: records, import: imports })
    .from(records)
    .innerJoin(imports, visibleImport)
    .where(and(eq(records.projectId, projectId), eq(records.id, recordId)))
  return row
}

export async function recordsByIds(q: Q, projectId: number, ids: number[]) {
  if (ids.length === 0) return []
  return q
    .select()
    .from(records)
    .where(and(eq(records.projectId, projectId), inArray(records.id, ids)))
}
