import { parseArgs } from 'node:util'
import { csvChunks } from '../http/csv.ts'
import { findProject } from '../queries/projects.ts'
import { DECISION_COLUMNS, decisionRows, recordExports } from '../queries/export.ts'
import type { Db } from '../db/client.ts'
import { CliError, idOption, required, usageError, withDb, type CliIo } from './io.ts'

type Exporter = (db: Db, projectId: number, io: CliIo) => Promise<void>

/** What is built so far, by `what/format`; SPEC §4 names more, which come with later issues. */
const EXPORTERS: Record<string, Exporter> = {
  'records/json': async (db, projectId, io) => {
    // One record per line inside the array: valid JSON that still reads well in a diff.
    let first = true
    io.out('[')
    for await (const chunk of recordExports(db.orm, projectId)) {
      for (const record of chunk) {
        io.out(`${first ? '\n' : ',\n'}${JSON.stringify(record)}`)
        first = false
      }
    }
    io.out(first ? ']\n' : '\n]\n')
  },
  'decisions/csv': async (db, projectId, io) => {
    for await (const text of csvChunks(DECISION_COLUMNS, decisionRows(db.orm, projectId))) {
      io.out(text)
    }
  },
}

/**
 * `winnow export --project ID --what records|decisions --format json|csv`: the same data as
 * the web exports (decisions.csv is byte for byte the lead's download).
 */
export async function exportCommand(args: string[], io: CliIo): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      project: { type: 'string' },
      what: { type: 'string' },
      format: { type: 'string' },
    },
  })
  const projectId = idOption(values.project, 'project')
  const what = required(values.what, 'what')
  const format = required(values.format, 'format')
  const exporter = EXPORTERS[`${what}/${format}`]
  if (!exporter) {
    const built = Object.keys(EXPORTERS)
      .map((k) => k.replace('/', ' as '))
      .join(', ')
    throw usageError(`--what ${what} --format ${format} is not available; so far: ${built}`)
  }
  await withDb(io, async (db) => {
    if (!(await findProject(db.orm, projectId))) {
      throw new CliError(`there is no project ${projectId}`)
    }
    await exporter(db, projectId, io)
  })
}
