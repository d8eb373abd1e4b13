import { and, count, eq, gt, lt, min } from 'drizzle-orm'
import type { Q } from '../db/client.ts'
import { loginAttempts } from '../db/schema.ts'

/**
 * Sign-in throttling, kept in the database so every app process sees the same counts: after
 * PER_ACCOUNT failed attempts for one email, or PER_ADDRESS from one address, within WINDOW_MS,
 * further attempts are refused until the window has passed.
 */
export const WINDOW_MS = 15 * 60 * 1000
export const PER_ACCOUNT = 5
export const PER_ADDRESS = 30

export async function throttled(
  q: Q,
  email: string,
  address: string,
  now: number
): Promise<{ until: number } | null> {
  const since = now - WINDOW_MS
  const failures = (where: ReturnType<typeof eq>) =>
    q
      .select({ n: count(), first: min(loginAttempts.at) })
      .from(loginAttempts)
      .where(and(where, eq(loginAttempts.ok, false), gt(loginAttempts.at, since)))
  const [[byEmail], [byAddress]] = await Promise.all([
    failures(eq(loginAttempts.email, email)),
    failures(eq(loginAttempts.address, address)),
  ])
  if ((byEmail?.n ?? 0) >= PER_ACCOUNT) return { until: (byEmail?.first ?? now) + WINDOW_MS }
  if ((byAddress?.n ?? 0) >= PER_ADDRESS) return { until: (byAddress?.first ?? now) + WINDOW_MS }
  return null
}

export async function recordAttempt(
  q: Q,
  email: string,
  address: string,
  ok: boolean,
  now: number
) {
  await q.insert(loginAttempts).values({ email, address, ok, at: now })
  // A success clears the account's failures; old attempts are forgotten.
  if (ok)
    await q
      .delete(loginAttempts)
      .where(and(eq(loginAttempts.email, email), eq(loginAttempts.ok, false)))
  await q.delete(loginAttempts).where(lt(loginAttempts.at, now - 24 * 60 * 60 * 1000))
}
