import { migrate } from 'drizzle-orm/libsql/migrator'
import { fileURLToPath } from 'node:url'
import type { Db } from './client.ts'

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../db/migrations', import.meta.url))

/**
 * Brings the database up to the newest migration. Safe to call on every start; when two
 * processes start at once and race, the loser finds the work done on its second look.
 */
export async function migrateDb(db: Db): Promise<void> {
  if (db.client.protocol === 'file') {
    // WAL lets readers in other processes go on while one writes; it is a property of the file.
    await db.client.execute('PRAGMA journal_mode = WAL')
  }
  try {
    await migrate(db.orm, { migrationsFolder: MIGRATIONS_DIR })
  } catch (first) {
    try {
      await migrate(db.orm, { migrationsFolder: MIGRATIONS_DIR })
    } catch {
      throw first
    }
  }
}
