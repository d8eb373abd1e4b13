import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach } from 'vitest'
import { openDb, type Db } from '../../src/db/client.ts'
import { migrateDb } from '../../src/db/migrate.ts'

let template: Promise<string> | undefined
type Scope = 'test' | 'file'
const cleanups: Record<Scope, (() => void)[]> = { test: [], file: [] }
const settlers: Record<Scope, (() => Promise<void>)[]> = { test: [], file: [] }

async function clean(scope: Scope) {
  for (const settle of settlers[scope].splice(0)) await settle()
  for (const cleanup of cleanups[scope].splice(0)) cleanup()
}
afterEach(() => clean('test'))
afterAll(() => clean('file'))

/** Work to wait for before the databases of this scope close (an app's background jobs). */
export function settleFirst(scope: Scope, settle: () => Promise<void>) {
  settlers[scope].push(settle)
}

/** Migrates one database per test worker; each test gets its own copy of that file. */
function migratedTemplate(): Promise<string> {
  template ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'winnow-template-'))
    const path = join(dir, 'template.db')
    const db = openDb({ url: `file:${path}` })
    await migrateDb(db)
    // Fold the WAL back into the main file so a plain copy carries everything.
    await db.client.execute('PRAGMA wal_checkpoint(TRUNCATE)')
    db.close()
    return path
  })()
  return template
}

/**
 * A fresh, migrated, file-backed database, removed after the test (or, with scope 'file',
 * after the test file: for a beforeAll that builds one fixture for many read-only checks).
 */
export async function freshDb(
  scope: Scope = 'test'
): Promise<{ db: Db; url: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'winnow-test-'))
  const path = join(dir, 'winnow.db')
  copyFileSync(await migratedTemplate(), path)
  const url = `file:${path}`
  const db = openDb({ url })
  cleanups[scope].push(() => {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })
  return { db, url, dir }
}
