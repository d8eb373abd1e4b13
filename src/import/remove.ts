import { eq } from 'drizzle-orm'
import type { Q } from '../db/client.ts'
import { imports, records } from '../db/schema.ts'
import { fail, ok, type Outcome } from '../errors.ts'
import { audit } from '../queries/audit.ts'
import { dependentDuplicates, findImport, importHasDecisions } from '../queries/imports.ts'
import { enterScreening } from '../queries/screening-entry.ts'
import { plural } from '../views/format.ts'
import { loadDedupeIndex } from './pipeline.ts'

/**
 * Removes an import nobody has screened yet. Records elsewhere that were duplicates of its
 * records are matched again against what stays; those left without a match enter screening.
 */
export async function removeImport(
  q: Q,
  input: { projectId: number; importId: number; userId: number | null; now: number }
): Promise<Outcome<string, 'not_found' | 'running' | 'screened'>> {
  const imp = await findImport(q, input.projectId, input.importId)
  if (!imp) return fail('not_found', 'There is no such import.')
  if (imp.status === 'running') {
    return fail('running', 'This import is still running; wait for it to finish.')
  }
  if (await importHasDecisions(q, imp.id)) {
    return fail('screened', 'Records of this import have been screened, so it cannot be removed.')
  }
  const orphans = await dependentDuplicates(q, imp.id)
  const index = await loadDedupeIndex(q, input.projectId, imp.id)
  const freed: number[] = []
  for (const orphan of orphans) {
    const match = index.add(orphan)
    await q
      .update(records)
      .set({
        duplicateOf: match?.duplicateOf ?? null,
        duplicateReason: match?.reason ?? null,
        duplicateScore: match?.score ?? null,
      })
      .where(eq(records.id, orphan.id))
    if (!match) freed.push(orphan.id)
  }
  await q.delete(records).where(eq(records.importId, imp.id))
  await q.delete(imports).where(eq(imports.id, imp.id))
  await enterScreening(q, input.projectId, freed, input.now)
  await audit(q, {
    projectId: input.projectId,
    userId: input.userId,
    action: 'import.remove',
    detail: {
      importId: imp.id,
      source: imp.sourceName,
      records: imp.recordCount,
      freed: freed.length,
    },
    at: input.now,
  })
  const extra =
    freed.length > 0
      ? ` ${plural(freed.length, 'record')} it had duplicated now enter screening.`
      : ''
  return ok(
    `Import of ${imp.sourceName} removed with its ${plural(imp.recordCount, 'record')}.${extra}`
  )
}
