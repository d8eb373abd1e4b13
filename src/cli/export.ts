import { parseArgs } from 'node:util'
import { findProject } from '../queries/projects.ts'
import { EXPORTS } from '../queries/export.ts'
import { CliError, idOption, required, usageError, withDb, type CliIo } from './io.ts'

const or = (xs: string[]) => (xs.length > 1 ? `${xs.slice(0, -1).join(', ')} or ` : '') + xs.at(-1)

/** `records as csv, ris or json; …`: every `--what` with the formats it comes in. */
function available(): string {
  const formats = new Map<string, string[]>()
  for (const key of Object.keys(EXPORTS)) {
    const [what, format] = key.split('/') as [string, string]
    formats.set(what, [...(formats.get(what) ?? []), format])
  }
  return [...formats].map(([what, fs]) => `${what} as ${or(fs)}`).join('; ')
}

/**
 * `winnow export --project ID --what records|included|decisions --format csv|ris|json`: the same
 * bytes as the lead's downloads (`/projects/ID/export/<what>.<format>`).
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
  const chunks = EXPORTS[`${what}/${format}`]
  if (!chunks) {
    throw usageError(
      `--what ${what} --format ${format} is not available; there are: ${available()}`
    )
  }
  await withDb(io, async (db) => {
    if (!(await findProject(db.orm, projectId))) {
      throw new CliError(`there is no project ${projectId}`)
    }
    for await (const text of chunks(db.orm, projectId)) io.out(text)
  })
}
