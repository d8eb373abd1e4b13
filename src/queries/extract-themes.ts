import { and, asc, count, eq, isNull, sql } from 'drizzle-orm'
import type { Q } from '../db/client.ts'
import { findings, themes, users } from '../db/schema.ts'
import { fail, ok, type Outcome } from '../errors.ts'
import { audit } from './audit.ts'

export type Theme = typeof themes.$inferSelect

/** The live themes (not merged away), deductive first, each alphabetical. */
export async function activeThemes(q: Q, projectId: number): Promise<Theme[]> {
  return q
    .select()
    .from(themes)
    .where(and(eq(themes.projectId, projectId), isNull(themes.mergedInto)))
    .orderBy(sql`${themes.origin} = 'inductive'`, asc(sql`lower(${themes.name})`))
}

/** Themes with how many findings use them and who made them, for the themes page. */
export async function themeOverview(q: Q, projectId: number) {
  const uses = q
    .select({ themeId: findings.themeId, n: count().as('n') })
    .from(findings)
    .where(eq(findings.projectId, projectId))
    .groupBy(findings.themeId)
    .as('uses')
  return q
    .select({ theme: themes, findings: sql<number>`coalesce(${uses.n}, 0)`, by: users.name })
    .from(themes)
    .leftJoin(uses, eq(uses.themeId, themes.id))
    .leftJoin(users, eq(users.id, themes.createdBy))
    .where(and(eq(themes.projectId, projectId), isNull(themes.mergedInto)))
    .orderBy(sql`${themes.origin} = 'inductive'`, asc(sql`lower(${themes.name})`))
}

const sameName = (projectId: number, name: string) =>
  and(eq(themes.projectId, projectId), sql`lower(${themes.name}) = lower(${name})`)

/**
 * The theme a person typed: an existing one of any origin (case ignored; a merged theme leads
 * to the theme it was merged into), or a new inductive one made now.
 */
export async function themeByName(
  q: Q,
  input: { projectId: number; name: string; userId: number; now: number }
): Promise<Theme> {
  const name = input.name.trim().replace(/\s+/g, ' ')
  let [found] = await q.select().from(themes).where(sameName(input.projectId, name))
  for (let hops = 0; found?.mergedInto != null && hops < 50; hops++) {
    ;[found] = await q.select().from(themes).where(eq(themes.id, found.mergedInto))
  }
  if (found) return found
  const [made] = await q
    .insert(themes)
    .values({
      projectId: input.projectId,
      name,
      origin: 'inductive',
      createdBy: input.userId,
      createdAt: input.now,
    })
    .returning()
  await audit(q, {
    projectId: input.projectId,
    userId: input.userId,
    action: 'theme.create',
    detail: { name, origin: 'inductive' },
    at: input.now,
  })
  return made!
}

/** The lead adds the protocol's (deductive) themes, one per line; names already there are skipped. */
export async function addDeductiveThemes(
  q: Q,
  input: { projectId: number; names: string[]; userId: number; now: number }
): Promise<number> {
  let added = 0
  for (const raw of input.names) {
    const name = raw.trim().replace(/\s+/g, ' ')
    if (!name) continue
    const [exists] = await q.select().from(themes).where(sameName(input.projectId, name))
    if (exists) continue
    await q.insert(themes).values({
      projectId: input.projectId,
      name,
      origin: 'deductive',
      createdBy: input.userId,
      createdAt: input.now,
    })
    added++
  }
  if (added > 0) {
    await audit(q, {
      projectId: input.projectId,
      userId: input.userId,
      action: 'theme.create',
      detail: { names: input.names, origin: 'deductive' },
      at: input.now,
    })
  }
  return added
}

async function liveTheme(q: Q, projectId: number, id: number) {
  const [t] = await q
    .select()
    .from(themes)
    .where(and(eq(themes.id, id), eq(themes.projectId, projectId), isNull(themes.mergedInto)))
  return t
}

export async function renameTheme(
  q: Q,
  input: { projectId: number; themeId: number; name: string; userId: number; now: number }
): Promise<Outcome<Theme, 'not_found' | 'taken'>> {
  const theme = await liveTheme(q, input.projectId, input.themeId)
  if (!theme) return fail('not_found', 'There is no such theme.')
  const name = input.name.trim().replace(/\s+/g, ' ')
  const [other] = await q.select().from(themes).where(sameName(input.projectId, name))
  if (other && other.id !== theme.id) {
    return fail('taken', `A theme “${other.name}” exists already: merge into it instead.`)
  }
  await q.update(themes).set({ name }).where(eq(themes.id, theme.id))
  await audit(q, {
    projectId: input.projectId,
    userId: input.userId,
    action: 'theme.rename',
    detail: { from: theme.name, to: name },
    at: input.now,
  })
  return ok({ ...theme, name })
}

/** Merges `themeId` into `intoId`: its findings move; it stays, marked, for the history. */
export async function mergeTheme(
  q: Q,
  input: { projectId: number; themeId: number; intoId: number; userId: number; now: number }
): Promise<Outcome<number, 'not_found' | 'same'>> {
  const from = await liveTheme(q, input.projectId, input.themeId)
  const into = await liveTheme(q, input.projectId, input.intoId)
  if (!from || !into) return fail('not_found', 'Choose two themes of this project.')
  if (from.id === into.id) return fail('same', 'A theme cannot be merged into itself.')
  const moved = await q
    .update(findings)
    .set({ themeId: into.id })
    .where(and(eq(findings.projectId, input.projectId), eq(findings.themeId, from.id)))
    .returning({ id: findings.id })
  await q.update(themes).set({ mergedInto: into.id }).where(eq(themes.id, from.id))
  await audit(q, {
    projectId: input.projectId,
    userId: input.userId,
    action: 'theme.merge',
    detail: { from: from.name, into: into.name, findings: moved.length },
    at: input.now,
  })
  return ok(moved.length)
}
