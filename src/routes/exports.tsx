import { Hono } from 'hono'
import { access } from '../http/access.ts'
import { csvChunks, csvDownload, prismaCsv, textStream } from '../http/csv.ts'
import type { AppEnv } from '../http/types.ts'
import { DECISION_COLUMNS, decisionRows } from '../queries/export.ts'
import { prismaFor } from '../queries/prisma.ts'

export const exportsRoutes = new Hono<AppEnv>()
  // PRISMA counts are aggregate: any member may see them.
  .get('/projects/:id/prisma.json', access('member'), async (c) => {
    return c.json(await prismaFor(c.var.deps.db.orm, c.var.project.id))
  })

  .get('/projects/:id/prisma.csv', access('member'), async (c) => {
    const prisma = await prismaFor(c.var.deps.db.orm, c.var.project.id)
    return csvDownload(c, `prisma-project-${c.var.project.id}.csv`, prismaCsv(prisma))
  })

  // Names every reviewer's vote on every record, so it is the lead's alone (SPEC §2.10).
  .get('/projects/:id/export/decisions.csv', access('lead'), (c) => {
    const chunks = csvChunks(DECISION_COLUMNS, decisionRows(c.var.deps.db.orm, c.var.project.id))
    return csvDownload(c, `decisions-project-${c.var.project.id}.csv`, textStream(chunks))
  })
