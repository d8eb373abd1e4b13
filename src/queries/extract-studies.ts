import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { Q } from '../db/client.ts'
import {
  findings,
  records,
  recordStages,
  studyFields,
  studyValues,
  toolkitFindings,
} from '../db/schema.ts'
import { DEFAULT_STUDY_FIELDS, type FieldKind } from '../domain/extraction-codes.ts'
import { fail, ok, type Outcome } from '../errors.ts'
import { audit } from './audit.ts'

export type StudyField = typeof studyFields.$inferSelect

export async function seedStudyFields(q: Q, projectId: number) {
  await q.insert(studyFields).values(
    DEFAULT_STUDY_FIELDS.map((f, i) => ({
      projectId,
      position: i + 1,
      label: f.label,
      kind: f.kind,
      options: [...f.options],
      role: f.role,
    }))
  )
}

const includedIn = (projectId: number) =>
  and(
    eq(recordStages.projectId, projectId),
    eq(recordStages.stage, 'full_text'),
    eq(recordStages.status, 'included')
  )

/** The included studies with how far their extraction has got. */
export async function includedStudies(q: Q, projectId: number) {
  const rows = await q
    .select({ id: records.id, title: records.title, authors: records.authors, year: records.year })
    .from(recordStages)
    .innerJoin(records, eq(records.id, recordStages.recordId))
    .where(includedIn(projectId))
    .orderBy(asc(records.id))
  const ids = rows.map((r) => r.id)
  if (ids.length === 0) return []
  const tally = async (t: typeof findings) =>
    q
      .select({
        recordId: t.recordId,
        n: count(),
        unverified: sql<number>`sum(${t.verifiedBy} IS NULL)`,
      })
      .from(t)
      .where(inArray(t.recordId, ids))
      .groupBy(t.recordId)
  const [f, k] = await Promise.all([
    tally(findings),
    tally(toolkitFindings as unknown as typeof findings),
  ])
  return rows.map((r) => {
    const ff = f.find((x) => x.recordId === r.id)
    const kk = k.find((x) => x.recordId === r.id)
    return {
      ...r,
      findings: ff?.n ?? 0,
      toolkits: kk?.n ?? 0,
      unverified: Number(ff?.unverified ?? 0) + Number(kk?.unverified ?? 0),
    }
  })
}

export async function includedStudy(q: Q, projectId: number, recordId: number) {
  const [row] = await q
    .select({ record: records })
    .from(recordStages)
    .innerJoin(records, eq(records.id, recordStages.recordId))
    .where(and(includedIn(projectId), eq(recordStages.recordId, recordId)))
  return row?.record
}

export async function studyFieldsOf(
  q: Q,
  projectId: number,
  withRetired = true
): Promise<StudyField[]> {
  return q
    .select()
    .from(studyFields)
    .where(
      and(
        eq(studyFields.projectId, projectId),
        withRetired ? undefined : isNull(studyFields.retiredAt)
      )
    )
    .orderBy(asc(studyFields.position), asc(studyFields.id))
}

export async function studyValuesOf(q: Q, recordId: number): Promise<Map<number, string>> {
  const rows = await q.select().from(studyValues).where(eq(studyValues.recordId, recordId))
  return new Map(rows.map((r) => [r.fieldId, r.value]))
}

/** Saves a study's characteristics: a value per field id, null to clear. */
export async function saveStudyValues(
  q: Q,
  who: { projectId: number; recordId: number; userId: number; now: number },
  values: Map<number, string | null>
) {
  for (const [fieldId, value] of values) {
    if (value === null) {
      await q
        .delete(studyValues)
        .where(and(eq(studyValues.recordId, who.recordId), eq(studyValues.fieldId, fieldId)))
      continue
    }
    await q
      .insert(studyValues)
      .values({ recordId: who.recordId, fieldId, value, updatedBy: who.userId, updatedAt: who.now })
      .onConflictDoUpdate({
        target: [studyValues.recordId, studyValues.fieldId],
        set: { value, updatedBy: who.userId, updatedAt: who.now },
      })
  }
  await audit(q, {
    projectId: who.projectId,
    userId: who.userId,
    action: 'extraction.characteristics',
    detail: { recordId: who.recordId },
    at: who.now,
  })
}

// ── the lead's field list ────────────────────────────────────────────────────

interface Lead {
  projectId: number
  userId: number
  now: number
}

export async function addStudyField(
  q: Q,
  who: Lead,
  f: { label: string; kind: FieldKind; options: string[] }
) {
  const [last] = await q
    .select({ max: sql<number>`coalesce(max(${studyFields.position}), 0)` })
    .from(studyFields)
    .where(eq(studyFields.projectId, who.projectId))
  await q
    .insert(studyFields)
    .values({ projectId: who.projectId, position: (last?.max ?? 0) + 1, ...f })
  await audit(q, {
    ...who,
    action: 'fields.add',
    detail: { label: f.label, kind: f.kind },
    at: who.now,
  })
}

async function fieldOf(q: Q, projectId: number, fieldId: number) {
  const [f] = await q
    .select()
    .from(studyFields)
    .where(and(eq(studyFields.id, fieldId), eq(studyFields.projectId, projectId)))
  return f
}

/** Renames a field or changes its options; stored values stay as they are. */
export async function updateStudyField(
  q: Q,
  who: Lead,
  fieldId: number,
  f: { label: string; options: string[] }
): Promise<Outcome<null, 'not_found'>> {
  const field = await fieldOf(q, who.projectId, fieldId)
  if (!field) return fail('not_found', 'There is no such field.')
  await q.update(studyFields).set(f).where(eq(studyFields.id, fieldId))
  await audit(q, {
    ...who,
    action: 'fields.edit',
    detail: { from: field.label, to: f.label, options: f.options },
    at: who.now,
  })
  return ok(null)
}

export async function moveStudyField(q: Q, who: Lead, fieldId: number, direction: 'up' | 'down') {
  const fields = await studyFieldsOf(q, who.projectId)
  const i = fields.findIndex((f) => f.id === fieldId)
  const j = direction === 'up' ? i - 1 : i + 1
  if (i < 0 || j < 0 || j >= fields.length) return
  ;[fields[i], fields[j]] = [fields[j]!, fields[i]!]
  for (const [k, f] of fields.entries()) {
    await q
      .update(studyFields)
      .set({ position: k + 1 })
      .where(eq(studyFields.id, f.id))
  }
}

/** Retired fields keep their values, shown read-only; restoring brings them back. */
export async function retireStudyField(q: Q, who: Lead, fieldId: number, retire: boolean) {
  const field = await fieldOf(q, who.projectId, fieldId)
  if (!field) return fail('not_found', 'There is no such field.')
  await q
    .update(studyFields)
    .set({ retiredAt: retire ? who.now : null })
    .where(eq(studyFields.id, fieldId))
  await audit(q, {
    ...who,
    action: retire ? 'fields.retire' : 'fields.restore',
    detail: { label: field.label },
    at: who.now,
  })
  return ok(null)
}
