import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import type { Q } from '../db/client.ts'
import { findings, themes, toolkitFindings, users } from '../db/schema.ts'
import type {
  Aspect,
  ComB,
  Direction,
  FindingKind,
  Level,
  Stakeholder,
} from '../domain/extraction-codes.ts'
import { fail, ok, type Outcome } from '../errors.ts'
import { audit } from './audit.ts'
import { themeByName } from './extract-themes.ts'

/**
 * Extraction rows: findings (barriers and enablers) and toolkit evaluations. Single extraction
 * with a second person's verification (rapid-review practice): whoever extracted a row cannot
 * verify it, and changing a verified row asks for verification again.
 */
export type RowKind = 'finding' | 'toolkit'
const TABLES = { finding: findings, toolkit: toolkitFindings } as const
// Both tables share the columns this module writes generically; drizzle cannot type a union.
const table = (kind: RowKind) => TABLES[kind] as typeof findings

export interface FindingInput {
  kind: FindingKind
  comB: ComB
  level: Level
  stakeholder: Stakeholder
  theme: string
  evidence: string
  page: string
}

export interface ToolkitInput {
  toolkit: string
  aspect: Aspect
  finding: string
  direction: Direction
  design: string
}

interface Who {
  projectId: number
  recordId: number
  userId: number
  now: number
}

const extractor = alias(users, 'extractor')
const verifier = alias(users, 'verifier')

export async function listFindings(q: Q, projectId: number, recordId: number) {
  return q
    .select({
      row: findings,
      theme: themes.name,
      extractedBy: extractor.name,
      verifiedBy: verifier.name,
    })
    .from(findings)
    .innerJoin(themes, eq(themes.id, findings.themeId))
    .leftJoin(extractor, eq(extractor.id, findings.extractedBy))
    .leftJoin(verifier, eq(verifier.id, findings.verifiedBy))
    .where(and(eq(findings.projectId, projectId), eq(findings.recordId, recordId)))
    .orderBy(asc(findings.id))
}

export async function listToolkits(q: Q, projectId: number, recordId: number) {
  return q
    .select({ row: toolkitFindings, extractedBy: extractor.name, verifiedBy: verifier.name })
    .from(toolkitFindings)
    .leftJoin(extractor, eq(extractor.id, toolkitFindings.extractedBy))
    .leftJoin(verifier, eq(verifier.id, toolkitFindings.verifiedBy))
    .where(and(eq(toolkitFindings.projectId, projectId), eq(toolkitFindings.recordId, recordId)))
    .orderBy(asc(toolkitFindings.id))
}

/** Toolkit names already used in the project, for autocomplete. */
export async function toolkitNames(q: Q, projectId: number): Promise<string[]> {
  const rows = await q
    .selectDistinct({ name: toolkitFindings.toolkit })
    .from(toolkitFindings)
    .where(eq(toolkitFindings.projectId, projectId))
    .orderBy(asc(sql`lower(${toolkitFindings.toolkit})`))
  return rows.map((r) => r.name)
}

async function findingValues(q: Q, who: Who, input: FindingInput) {
  const theme = await themeByName(q, {
    projectId: who.projectId,
    name: input.theme,
    userId: who.userId,
    now: who.now,
  })
  const { theme: _name, ...rest } = input
  return { ...rest, themeId: theme.id }
}

export async function addRow(q: Q, kind: RowKind, who: Who, input: FindingInput | ToolkitInput) {
  const values = kind === 'finding' ? await findingValues(q, who, input as FindingInput) : input
  const [row] = await q
    .insert(table(kind))
    .values({
      ...(values as typeof findings.$inferInsert),
      projectId: who.projectId,
      recordId: who.recordId,
      extractedBy: who.userId,
      createdAt: who.now,
    })
    .returning({ id: table(kind).id })
  await audit(q, {
    projectId: who.projectId,
    userId: who.userId,
    action: `extraction.add`,
    detail: { kind, recordId: who.recordId, rowId: row!.id },
    at: who.now,
  })
  return row!.id
}

async function rowOf(q: Q, kind: RowKind, who: Who, rowId: number) {
  const t = table(kind)
  const [row] = await q
    .select()
    .from(t)
    .where(and(eq(t.id, rowId), eq(t.projectId, who.projectId), eq(t.recordId, who.recordId)))
  return row
}

/** Saves an edit; a verified row needs verifying again, since what was checked has changed. */
export async function updateRow(
  q: Q,
  kind: RowKind,
  who: Who,
  rowId: number,
  input: FindingInput | ToolkitInput
): Promise<Outcome<null, 'not_found'>> {
  if (!(await rowOf(q, kind, who, rowId))) return fail('not_found', 'There is no such row.')
  const values = kind === 'finding' ? await findingValues(q, who, input as FindingInput) : input
  const t = table(kind)
  await q
    .update(t)
    .set({ ...(values as object), updatedAt: who.now, verifiedBy: null, verifiedAt: null })
    .where(eq(t.id, rowId))
  await audit(q, {
    projectId: who.projectId,
    userId: who.userId,
    action: 'extraction.edit',
    detail: { kind, recordId: who.recordId, rowId },
    at: who.now,
  })
  return ok(null)
}

export async function deleteRow(
  q: Q,
  kind: RowKind,
  who: Who,
  rowId: number
): Promise<Outcome<null, 'not_found'>> {
  const row = await rowOf(q, kind, who, rowId)
  if (!row) return fail('not_found', 'There is no such row.')
  const t = table(kind)
  await q.delete(t).where(eq(t.id, rowId))
  await audit(q, {
    projectId: who.projectId,
    userId: who.userId,
    action: 'extraction.delete',
    detail: { kind, recordId: who.recordId, rowId, row },
    at: who.now,
  })
  return ok(null)
}

export async function verifyRow(
  q: Q,
  kind: RowKind,
  who: Who,
  rowId: number
): Promise<Outcome<null, 'not_found' | 'own' | 'done'>> {
  const row = await rowOf(q, kind, who, rowId)
  if (!row) return fail('not_found', 'There is no such row.')
  if (row.extractedBy === who.userId) {
    return fail(
      'own',
      'A second person verifies each row: ask a colleague to check the one you extracted.'
    )
  }
  if (row.verifiedBy !== null) return fail('done', 'That row is verified already.')
  const t = table(kind)
  await q
    .update(t)
    .set({ verifiedBy: who.userId, verifiedAt: who.now })
    .where(and(eq(t.id, rowId), isNull(t.verifiedBy)))
  await audit(q, {
    projectId: who.projectId,
    userId: who.userId,
    action: 'extraction.verify',
    detail: { kind, recordId: who.recordId, rowId },
    at: who.now,
  })
  return ok(null)
}
