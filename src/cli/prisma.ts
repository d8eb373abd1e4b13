import { parseArgs } from 'node:util'
import { prismaSvg } from '../domain/prisma-svg.ts'
import { prismaCsv } from '../http/csv.ts'
import { findProject } from '../queries/projects.ts'
import { prismaFor } from '../queries/prisma.ts'
import { CliError, idOption, usageError, withDb, type CliIo } from './io.ts'

const FORMATS = ['json', 'csv', 'svg'] as const

/**
 * `winnow prisma --project ID [--format json|csv|svg]`: the same counts as /projects/ID/prisma.json,
 * or the same flow diagram as /projects/ID/prisma.svg.
 */
export async function prismaCommand(args: string[], io: CliIo): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { project: { type: 'string' }, format: { type: 'string', default: 'json' } },
  })
  const projectId = idOption(values.project, 'project')
  const format = values.format
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw usageError(`--format must be json, csv or svg, not "${format}"`)
  }
  await withDb(io, async (db) => {
    const project = await findProject(db.orm, projectId)
    if (!project) throw new CliError(`there is no project ${projectId}`)
    const prisma = await prismaFor(db.orm, projectId)
    if (format === 'svg') io.out(prismaSvg(prisma, { title: project.name }))
    else io.out(format === 'csv' ? prismaCsv(prisma) : `${JSON.stringify(prisma, null, 2)}\n`)
  })
}
