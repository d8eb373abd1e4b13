import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import { parseArgs } from 'node:util'
import { runImport, startImport } from '../import/pipeline.ts'
import { findProject } from '../queries/projects.ts'
import { CliError, idOption, required, usageError, withDb, type CliIo } from './io.ts'

/**
 * `winnow import --project ID --source NAME [--register] FILE...`: the same pipeline as the
 * upload page. Prints a JSON summary; the files are kept with the project, as uploads are.
 */
export async function importCommand(args: string[], io: CliIo) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      project: { type: 'string' },
      source: { type: 'string' },
      register: { type: 'boolean', default: false },
    },
  })
  const projectId = idOption(values.project, 'project')
  const sourceName = required(values.source, 'source').trim()
  if (positionals.length === 0) throw usageError('name at least one file to import')
  for (const path of positionals) {
    if (!existsSync(path) || !statSync(path).isFile()) throw new CliError(`${path}: no such file`)
  }
  await withDb(io, async (db) => {
    if (!(await findProject(db.orm, projectId)))
      throw new CliError(`there is no project ${projectId}`)
    const files = positionals.map((path) => ({
      name: basename(path),
      path,
      size: statSync(path).size,
    }))
    const deps = { db, now: Date.now }
    const request = {
      projectId,
      sourceName,
      sourceKind: values.register ? ('register' as const) : ('database' as const),
      files,
      userId: null,
    }
    const started = await startImport(deps, request)
    if (!started.ok) throw new CliError(started.message, started.error === 'refused' ? 2 : 1)
    const keep = join(io.env.DATA_DIR, 'imports', String(started.value.id))
    mkdirSync(keep, { recursive: true })
    const kept = files.map((f, i) => {
      const path = join(keep, `${i + 1}-${basename(f.path)}`)
      copyFileSync(f.path, path)
      return { ...f, path }
    })
    const summary = await runImport(deps, started.value, { ...request, files: kept })
    io.out(`${JSON.stringify(summary)}\n`)
    io.err(
      `imported ${summary.records} records from ${files.length} file(s) as ${sourceName}: ${summary.duplicates} duplicates, ${summary.warnings} warnings\n`
    )
  })
}
