import { and, eq, gt, lt } from 'drizzle-orm'
import type { Q } from '../db/client.ts'
import { sessions, users, type User } from '../db/schema.ts'
import { newToken, tokenId } from '../security/tokens.ts'

const DAY_MS = 24 * 60 * 60 * 1000

/** Returns the cookie token; only its hash is stored. */
export async function createSession(q: Q, userId: number, now: number, days: number) {
  const token = newToken()
  const expiresAt = now + days * DAY_MS
  await q.insert(sessions).values({ id: tokenId(token), userId, createdAt: now, expiresAt })
  // Expired sessions are swept when anyone signs in, so the table does not grow without bound.
  await q.delete(sessions).where(lt(sessions.expiresAt, now))
  return { token, expiresAt }
}

/** The signed-in user, or undefined when the token is unknown, expired, or older than a password change. */
export async function findSessionUser(q: Q, token: string, now: number): Promise<User | undefined> {
  const [row] = await q
    .select({ user: users, createdAt: sessions.createdAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, tokenId(token)), gt(sessions.expiresAt, now)))
  if (!row || row.createdAt < row.user.passwordChangedAt) return undefined
  return row.user
}

export async function deleteSession(q: Q, token: string) {
  await q.delete(sessions).where(eq(sessions.id, tokenId(token)))
}

export async function deleteUserSessions(q: Q, userId: number) {
  await q.delete(sessions).where(eq(sessions.userId, userId))
}
