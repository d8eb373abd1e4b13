import { parseArgs } from 'node:util'
import { prismaCsv } from '../http/csv.ts'
import { findProject } from '../queries/projects.ts'
import { prismaFor } from '../queries/prisma.ts'
import { CliError, idOption, usageError, withDb, type CliIo } from './io.ts'

const FORMATS = ['json', 'csv'] as const

/** `winnow prisma --project ID [--format json|csv]`: the same counts as /projects/ID/prisma.json. */
export async function prismaCommand(args: string[], io: CliIo): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { project: { type: 'string' }, format: { type: 'string', default: 'json' } },
  })
  const projectId = idOption(values.project, 'project')
  const format = values.format
  if (format === 'svg') {
    throw usageError(
      '--format svg is not available yet (the flow diagram comes later); use json or csv'
    )
  }
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw usageError(`--format must be json or csv, not "${format}"`)
  }
  await withDb(io, async (db) => {
    if (!(await findProject(db.orm, projectId))) {
      throw new CliError(`there is no project ${projectId}`)
    }
    const prisma = await prismaFor(db.orm, projectId)
    io.out(format === 'csv' ? prismaCsv(prisma) : `${JSON.stringify(prisma, null, 2)}\n`)
  })
}
