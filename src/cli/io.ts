import type { Db } from '../db/client.ts'
import { openDb } from '../db/client.ts'
import { migrateDb } from '../db/migrate.ts'
import type { Env } from '../env.ts'

/** What a command may touch; tests pass their own streams and environment. */
export interface CliIo {
  env: Env
  stdin: NodeJS.ReadableStream
  out: (text: string) => void
  err: (text: string) => void
}

/** A user's mistake on the command line: printed without a stack, with this exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: 1 | 2 = 1,
    /** A mistake in the command line itself: the help is worth pointing to. */
    readonly usage = false
  ) {
    super(message)
  }
}

export const usageError = (message: string) => new CliError(message, 2, true)

export async function withDb<T>(io: CliIo, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = openDb({ url: io.env.DATABASE_URL, authToken: io.env.DATABASE_AUTH_TOKEN })
  try {
    await migrateDb(db)
    return await fn(db)
  } finally {
    db.close()
  }
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk))
  return Buffer.concat(chunks).toString('utf8')
}

/** A positive integer id from an option, or a usage error naming the option. */
export function idOption(value: string | undefined, name: string): number {
  if (value === undefined) throw usageError(`--${name} is required`)
  const id = Number(value)
  if (!Number.isSafeInteger(id) || id <= 0)
    throw usageError(`--${name} must be a positive whole number, not "${value}"`)
  return id
}

export function required(value: string | undefined, name: string): string {
  if (value === undefined || value.trim() === '') throw usageError(`--${name} is required`)
  return value
}
