import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { users } from '../../src/db/schema.ts'
import { freshDb } from '../helpers/db.ts'

const row = (email: string) => ({
  email,
  name: email,
  passwordHash: 'x',
  createdAt: 0,
  passwordChangedAt: 0,
})

describe('the test database', () => {
  // Guard: :memory: databases before @libsql/client 0.18 lost tables inside transactions.
  it('keeps what a transaction wrote, for reads after the commit', async () => {
    const { db } = await freshDb()
    await db.write(async (tx) => {
      await tx.insert(users).values(row('a@example.org'))
      const inside = await tx.select().from(users).where(eq(users.email, 'a@example.org'))
      expect(inside).toHaveLength(1)
    })
    const after = await db.orm.select().from(users)
    expect(after.map((u) => u.email)).toEqual(['a@example.org'])
  })

  it('rolls back everything a failed transaction wrote', async () => {
    const { db } = await freshDb()
    await expect(
      db.write(async (tx) => {
        await tx.insert(users).values(row('b@example.org'))
        throw new Error('boom')
      })
    ).rejects.toThrow('boom')
    expect(await db.orm.select().from(users)).toEqual([])
  })

  it('enforces foreign keys', async () => {
    const { db } = await freshDb()
    const fk = await db.client.execute('PRAGMA foreign_keys')
    expect(fk.rows[0]?.[0]).toBe(1)
  })

  it('serialises concurrent writes: all of them land, none fails with SQLITE_BUSY', async () => {
    const { db } = await freshDb()
    const writes = Array.from({ length: 25 }, (_, i) =>
      db.write(async (tx) => {
        await tx.insert(users).values(row(`u${i}@example.org`))
        // Yield inside the transaction so the writes really overlap in time.
        await new Promise((r) => setTimeout(r, 1))
        await tx.select().from(users)
      })
    )
    await Promise.all(writes)
    expect(await db.orm.$count(users)).toBe(25)
  })

  it('goes on writing after a write failed', async () => {
    const { db } = await freshDb()
    const failed = db.write(async () => {
      throw new Error('first fails')
    })
    const next = db.write((tx) => tx.insert(users).values(row('c@example.org')))
    await expect(failed).rejects.toThrow('first fails')
    await next
    expect(await db.orm.$count(users)).toBe(1)
  })
})
