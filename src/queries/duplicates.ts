import { and, asc, count, desc, eq, gt, inArray, isNotNull } from 'drizzle-orm'
import { citation } from './records.ts'
import type { Q } from '../db/client.ts'
import { decisions, duplicateEvents, imports, records, users } from '../db/schema.ts'
import { fail, ok, type Outcome } from '../errors.ts'
import { audit } from './audit.ts'
import { inVisibleImports, visibleImport } from './records.ts'
import { enterScreening, leaveStage } from './screening-entry.ts'

export const GROUPS_PER_PAGE = 20

const card = {
  ...citation,
  doi: records.doi,
  duplicateOf: records.duplicateOf,
  duplicateReason: records.duplicateReason,
  duplicateScore: records.duplicateScore,
  sourceName: imports.sourceName,
  importId: imports.id,
}

export type DuplicateCard = Awaited<
  ReturnType<typeof listDuplicateGroups>
>['groups'][number]['kept']

/** Groups of a kept record and its duplicates, by kept id (keyset paging with `after`). */
export async function listDuplicateGroups(q: Q, projectId: number, after?: number) {
  const keptIds = await q
    .selectDistinct({ id: records.duplicateOf })
    .from(records)
    .innerJoin(imports, visibleImport)
    .where(
      and(
        eq(records.projectId, projectId),
        isNotNull(records.duplicateOf),
        after === undefined ? undefined : gt(records.duplicateOf, after)
      )
    )
    .orderBy(asc(records.duplicateOf))
    .limit(GROUPS_PER_PAGE + 1)
  const ids = keptIds.map((k) => k.id!).slice(0, GROUPS_PER_PAGE)
  if (ids.length === 0) return { groups: [], more: false }
  const [kept, dups] = await Promise.all([
    q.select(card).from(records).innerJoin(imports, visibleImport).where(inArray(records.id, ids)),
    q
      .select(card)
      .from(records)
      .innerJoin(imports, visibleImport)
      .where(inArray(records.duplicateOf, ids))
      .orderBy(asc(records.id)),
  ])
  const byId = new Map(kept.map((k) => [k.id, k]))
  const groups = ids.flatMap((id) => {
    const k = byId.get(id)
    return k ? [{ kept: k, duplicates: dups.filter((d) => d.duplicateOf === id) }] : []
  })
  return { groups, more: keptIds.length > GROUPS_PER_PAGE }
}

export async function countDuplicates(q: Q, projectId: number) {
  const [row] = await q
    .select({ n: count() })
    .from(records)
    .where(and(inVisibleImports(q, projectId), isNotNull(records.duplicateOf)))
  return row?.n ?? 0
}

async function visibleRecord(q: Q, projectId: number, id: number) {
  const [row] = await q
    .select({ id: records.id, duplicateOf: records.duplicateOf })
    .from(records)
    .innerJoin(imports, visibleImport)
    .where(and(eq(records.projectId, projectId), eq(records.id, id)))
  return row
}

interface Change {
  projectId: number
  userId: number
  now: number
}

/** "Not a duplicate": the record stands on its own again and enters screening. */
export async function splitDuplicate(
  q: Q,
  input: Change & { recordId: number }
): Promise<Outcome<number, 'not_found' | 'not_duplicate'>> {
  const rec = await visibleRecord(q, input.projectId, input.recordId)
  if (!rec) return fail('not_found', 'There is no such record in this project.')
  if (rec.duplicateOf === null)
    return fail('not_duplicate', `Record ${rec.id} is not marked as a duplicate.`)
  await q
    .update(records)
    .set({ duplicateOf: null, duplicateReason: null, duplicateScore: null })
    .where(eq(records.id, rec.id))
  await q.insert(duplicateEvents).values({
    projectId: input.projectId,
    recordId: rec.id,
    otherId: rec.duplicateOf,
    action: 'split',
    userId: input.userId,
    at: input.now,
  })
  await enterScreening(q, input.projectId, [rec.id], input.now)
  await audit(q, {
    projectId: input.projectId,
    userId: input.userId,
    action: 'duplicate.split',
    detail: { recordId: rec.id, wasDuplicateOf: rec.duplicateOf },
    at: input.now,
  })
  return ok(rec.duplicateOf)
}

type MergeError = 'not_found' | 'same' | 'screened'

/** Marks `duplicateId` (and its own duplicates) as duplicates of `keepId`'s kept record. */
export async function mergeDuplicate(
  q: Q,
  input: Change & { keepId: number; duplicateId: number }
): Promise<Outcome<number, MergeError>> {
  const keep = await visibleRecord(q, input.projectId, input.keepId)
  const dup = await visibleRecord(q, input.projectId, input.duplicateId)
  if (!keep || !dup)
    return fail('not_found', 'Both records must be in this project: check the two numbers.')
  const root = keep.duplicateOf ?? keep.id
  const dupRoot = dup.duplicateOf ?? dup.id
  if (root === dupRoot)
    return fail('same', `Records ${keep.id} and ${dup.id} are already one study.`)
  const [screened] = await q
    .select({ id: decisions.id })
    .from(decisions)
    .where(eq(decisions.recordId, dupRoot))
    .limit(1)
  if (screened) {
    return fail(
      'screened',
      `Record ${dupRoot} has already been screened, so it cannot become a duplicate. Mark the other record as its duplicate instead.`
    )
  }
  await q
    .update(records)
    .set({ duplicateOf: root, duplicateReason: 'manual', duplicateScore: null })
    .where(eq(records.duplicateOf, dupRoot))
  await q
    .update(records)
    .set({ duplicateOf: root, duplicateReason: 'manual', duplicateScore: null })
    .where(eq(records.id, dupRoot))
  await leaveStage(q, [dupRoot], 'title_abstract')
  await q.insert(duplicateEvents).values({
    projectId: input.projectId,
    recordId: dupRoot,
    otherId: root,
    action: 'merge',
    userId: input.userId,
    at: input.now,
  })
  await audit(q, {
    projectId: input.projectId,
    userId: input.userId,
    action: 'duplicate.merge',
    detail: { recordId: dupRoot, duplicateOf: root },
    at: input.now,
  })
  return ok(root)
}

export async function duplicateHistory(q: Q, projectId: number, limit = 50) {
  return q
    .select({
      id: duplicateEvents.id,
      recordId: duplicateEvents.recordId,
      otherId: duplicateEvents.otherId,
      action: duplicateEvents.action,
      at: duplicateEvents.at,
      by: users.name,
    })
    .from(duplicateEvents)
    .leftJoin(users, eq(users.id, duplicateEvents.userId))
    .where(eq(duplicateEvents.projectId, projectId))
    .orderBy(desc(duplicateEvents.id))
    .limit(limit)
}
