import { and, asc, count, eq, isNotNull, min, sql } from 'drizzle-orm'
import type { Q } from '../db/client.ts'
import { exclusionReasons, imports, records, recordStages } from '../db/schema.ts'
import { prismaCounts, type Prisma, type PrismaInput } from '../domain/prisma.ts'
import { inVisibleImports } from './records.ts'

/** For a full-text exclusion stored without a reason: PRISMA still counts the report. */
const NO_REASON = 'No reason recorded'

/**
 * The PRISMA 2020 counts of a project (SPEC §2.9), each box counted from its own data so that
 * `prismaInvariants` can catch a count that went astray: identification from complete imports,
 * screening and eligibility from `record_stages` (kept current by every vote and resolution).
 *
 * One statement (a UNION ALL of grouped counts), because one statement reads one snapshot: an
 * import completing or a vote landing between separate queries would give counts that do not
 * add up. Every part reads an index; no record is loaded.
 */
export async function prismaFor(q: Q, projectId: number): Promise<Prisma> {
  const part = (name: string) => sql<string>`${name}`.as('part')
  const sources = q
    .select({
      part: part('source'),
      name: imports.sourceName,
      kind: sql<string | null>`${imports.sourceKind}`.as('kind'),
      n: count(records.id).as('n'),
      ord: sql<number>`${min(imports.id)}`.as('ord'),
    })
    .from(imports)
    .innerJoin(records, eq(records.importId, imports.id))
    .where(and(eq(imports.projectId, projectId), eq(imports.status, 'complete')))
    .groupBy(imports.sourceName, imports.sourceKind)
  const duplicates = q
    .select({
      part: part('duplicates'),
      name: sql<string>`''`,
      kind: sql<string | null>`NULL`,
      n: count(),
      ord: sql<number>`0`,
    })
    .from(records)
    .where(and(inVisibleImports(q, projectId), isNotNull(records.duplicateOf)))
  const titleAbstract = q
    .select({
      part: part('title_abstract'),
      name: recordStages.status,
      kind: sql<string | null>`NULL`,
      n: count(),
      ord: sql<number>`0`,
    })
    .from(recordStages)
    .where(and(eq(recordStages.projectId, projectId), eq(recordStages.stage, 'title_abstract')))
    .groupBy(recordStages.status)
  // For full text, `kind` carries the exclusion reason's label and `ord` its position.
  const fullText = q
    .select({
      part: part('full_text'),
      name: recordStages.status,
      kind: exclusionReasons.label,
      n: count(),
      ord: sql<number>`coalesce(${exclusionReasons.position}, 1000000000)`,
    })
    .from(recordStages)
    .leftJoin(exclusionReasons, eq(exclusionReasons.id, recordStages.reasonId))
    .where(and(eq(recordStages.projectId, projectId), eq(recordStages.stage, 'full_text')))
    .groupBy(recordStages.status, recordStages.reasonId)
  const rows = await sources
    .unionAll(duplicates)
    .unionAll(titleAbstract)
    .unionAll(fullText)
    .orderBy(asc(sql`part`), asc(sql`ord`))

  const input: PrismaInput = {
    sources: [],
    duplicates: 0,
    // Winnow removes nothing before screening but duplicates (it runs no automation tools).
    automationRemoved: 0,
    otherRemoved: 0,
    titleAbstract: { pending: 0, conflicts: 0, excluded: 0, included: 0 },
    fullText: { pending: 0, conflicts: 0, notRetrieved: 0, excludedByReason: [], included: 0 },
  }
  for (const row of rows) {
    const n = Number(row.n)
    if (row.part === 'source') {
      const kind = row.kind === 'register' ? 'register' : 'database'
      input.sources.push({ name: row.name, kind, records: n })
    } else if (row.part === 'duplicates') {
      input.duplicates = n
    } else if (row.part === 'title_abstract') {
      input.titleAbstract[statusKey(TITLE_ABSTRACT, row.name)] += n
    } else if (row.name === 'excluded') {
      input.fullText.excludedByReason.push({ reason: row.kind ?? NO_REASON, n })
    } else {
      input.fullText[statusKey(FULL_TEXT, row.name)] += n
    }
  }
  return prismaCounts(input)
}

const TITLE_ABSTRACT = {
  pending: 'pending',
  conflict: 'conflicts',
  excluded: 'excluded',
  included: 'included',
} as const
const FULL_TEXT = {
  pending: 'pending',
  conflict: 'conflicts',
  not_retrieved: 'notRetrieved',
  included: 'included',
} as const

/** A status the stage cannot have is a broken invariant, not a count to drop. */
function statusKey<K extends string>(keys: Record<string, K>, status: string): K {
  const key = Object.hasOwn(keys, status) ? keys[status] : undefined
  if (key === undefined) throw new Error(`unexpected screening status '${status}' in PRISMA counts`)
  return key
}
