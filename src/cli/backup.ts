import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { CliError, required, withDb, type CliIo } from './io.ts'

/**
 * `winnow backup --to FILE`: a consistent copy of the whole database, taken while the app
 * runs. SQLite's VACUUM INTO reads one snapshot (other processes go on reading and writing) and
 * writes a compact, self-contained database file.
 */
export async function backupCommand(args: string[], io: CliIo) {
  const { values } = parseArgs({ args, options: { to: { type: 'string' } } })
  const to = resolve(required(values.to, 'to'))
  if (existsSync(to)) throw new CliError(`${to} already exists; choose a new file name`)
  if (!io.env.DATABASE_URL.startsWith('file:')) {
    throw new CliError(
      'backup copies an embedded (file:) database; for a libSQL server use its own backup tools'
    )
  }
  await withDb(io, async (db) => {
    const started = performance.now()
    await db.client.execute({ sql: 'VACUUM INTO ?', args: [to] })
    io.out(`${to}\n`)
    io.err(`backed up the database to ${to} in ${Math.round(performance.now() - started)} ms\n`)
  })
}
