import { createClient, type Client } from '@libsql/client'
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql'
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core'
import type { ResultSet } from '@libsql/client'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import * as schema from './schema.ts'
import { createSerial } from './serial.ts'

export type Schema = typeof schema
export type Orm = LibSQLDatabase<Schema>
/** Anything queries can run on: the database itself or an open transaction. */
export type Q = BaseSQLiteDatabase<'async', ResultSet, Schema>

export interface Db {
  /** For reads. */
  orm: Orm
  client: Client
  /** How it was opened: a worker thread opens its own connection with these. */
  options: DbOptions
  /**
   * One write transaction (BEGIN IMMEDIATE), serialised with every other write of this
   * process. It commits when fn resolves and rolls back when fn throws.
   */
  write<T>(fn: (tx: Q) => Promise<T>): Promise<T>
  close(): void
}

export interface DbOptions {
  url: string
  authToken?: string | undefined
}

/** File databases wait this long for another process's lock before giving up. */
const BUSY_TIMEOUT_MS = 5000

export function openDb({ url, authToken }: DbOptions): Db {
  const isFile = url.startsWith('file:')
  if (isFile) ensureParentDir(url)
  const client = createClient({
    url,
    authToken,
    ...(isFile ? { timeout: BUSY_TIMEOUT_MS } : {}),
  })
  const orm = drizzle(client, { schema })
  const serial = createSerial()
  return {
    orm,
    client,
    options: { url, authToken },
    write: (fn) => serial(() => orm.transaction((tx) => fn(tx))),
    close: () => client.close(),
  }
}

function ensureParentDir(url: string) {
  const path = url.slice('file:'.length).split('?')[0] ?? ''
  if (path === '' || path === ':memory:') return
  mkdirSync(dirname(path), { recursive: true })
}
