import { Hono, type Context } from 'hono'
import { access } from '../http/access.ts'
import { csvDownload, prismaCsv, textStream } from '../http/csv.ts'
import type { AppEnv } from '../http/types.ts'
import { EXPORTS } from '../queries/export.ts'
import { prismaFor } from '../queries/prisma.ts'

const CONTENT_TYPES: Record<string, string> = {
  csv: 'text/csv; charset=utf-8',
  // What journals' "download citation" links send, and what reference managers open.
  ris: 'application/x-research-info-systems; charset=utf-8',
  json: 'application/json; charset=utf-8',
}

/** A streamed download of `EXPORTS[what/format]`, the bytes `winnow export` prints. */
function download(what: string, format: string) {
  const chunks = EXPORTS[`${what}/${format}`]
  const type = CONTENT_TYPES[format]
  if (!chunks || !type) throw new Error(`no export ${what}/${format}`)
  return (c: Context<AppEnv>) => {
    const projectId = c.var.project.id
    c.header('Content-Type', type)
    c.header('Content-Disposition', `attachment; filename="${what}-project-${projectId}.${format}"`)
    c.header('Cache-Control', 'no-store')
    return c.body(textStream(chunks(c.var.deps.db.orm, projectId)))
  }
}

// Record and decision exports are the lead's (SPEC §3); the decisions name every reviewer's vote
// on every record, and no export may unblind a reviewer (SPEC §2.4).
export const exportsRoutes = new Hono<AppEnv>()
  // PRISMA counts are aggregate: any member may see them.
  .get('/projects/:id/prisma.json', access('member'), async (c) => {
    return c.json(await prismaFor(c.var.deps.db.orm, c.var.project.id))
  })

  .get('/projects/:id/prisma.csv', access('member'), async (c) => {
    const prisma = await prismaFor(c.var.deps.db.orm, c.var.project.id)
    return csvDownload(c, `prisma-project-${c.var.project.id}.csv`, prismaCsv(prisma))
  })

  .get('/projects/:id/export/decisions.csv', access('lead'), download('decisions', 'csv'))
  .get('/projects/:id/export/decisions.json', access('lead'), download('decisions', 'json'))
  // Records included at full text: what goes on to extraction and into the report.
  .get('/projects/:id/export/included.csv', access('lead'), download('included', 'csv'))
  .get('/projects/:id/export/included.ris', access('lead'), download('included', 'ris'))
  .get('/projects/:id/export/included.json', access('lead'), download('included', 'json'))
  // Every visible record; the RIS holds the kept ones only (see EXPORTS).
  .get('/projects/:id/export/records.csv', access('lead'), download('records', 'csv'))
  .get('/projects/:id/export/records.ris', access('lead'), download('records', 'ris'))
  .get('/projects/:id/export/records.json', access('lead'), download('records', 'json'))
