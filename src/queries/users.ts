import { count, eq } from 'drizzle-orm'
import type { Q } from '../db/client.ts'
import { users, type User } from '../db/schema.ts'
import { fail, ok, type Outcome } from '../errors.ts'
import { hashPassword } from '../security/password.ts'

export const normaliseEmail = (email: string) => email.trim().toLowerCase()

export async function countUsers(q: Q): Promise<number> {
  const [row] = await q.select({ n: count() }).from(users)
  return row?.n ?? 0
}

export async function findUserByEmail(q: Q, email: string): Promise<User | undefined> {
  const [row] = await q
    .select()
    .from(users)
    .where(eq(users.email, normaliseEmail(email)))
  return row
}

export async function findUser(q: Q, id: number): Promise<User | undefined> {
  const [row] = await q.select().from(users).where(eq(users.id, id))
  return row
}

export interface NewUser {
  email: string
  name: string
  password: string
}

/**
 * Hash outside the transaction (it takes tens of milliseconds), then insert; pass the
 * already-hashed password so the write lock is held only for the insert.
 */
export async function prepareUser(input: NewUser, now: number) {
  return {
    email: normaliseEmail(input.email),
    name: input.name.trim(),
    passwordHash: await hashPassword(input.password),
    createdAt: now,
    passwordChangedAt: now,
  }
}

export async function insertUser(
  q: Q,
  row: Awaited<ReturnType<typeof prepareUser>>
): Promise<Outcome<User, 'email_taken'>> {
  const existing = await findUserByEmail(q, row.email)
  if (existing) return fail('email_taken', `An account for ${row.email} already exists.`)
  const [user] = await q.insert(users).values(row).returning()
  if (!user) throw new Error('insert into users returned nothing')
  return ok(user)
}
