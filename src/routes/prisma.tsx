import { Hono } from 'hono'
import { prismaDiagram } from '../domain/prisma-svg.ts'
import { access } from '../http/access.ts'
import { chrome } from '../http/page.ts'
import type { AppEnv } from '../http/types.ts'
import { prismaFor } from '../queries/prisma.ts'
import { PrismaPage } from '../views/prisma.tsx'

// PRISMA counts are aggregate (no record, no vote), so every member may see the diagram.
export const prismaRoutes = new Hono<AppEnv>()
  .get('/projects/:id/prisma', access('member'), async (c) => {
    const project = c.var.project
    const prisma = await prismaFor(c.var.deps.db.orm, project.id)
    const { width, height } = prismaDiagram(prisma, { title: project.name })
    return c.html(
      <PrismaPage
        layout={chrome(c, 'PRISMA', 'prisma')}
        projectId={project.id}
        prisma={prisma}
        size={{ width, height }}
      />
    )
  })

  .get('/projects/:id/prisma.svg', access('member'), async (c) => {
    const project = c.var.project
    const prisma = await prismaFor(c.var.deps.db.orm, project.id)
    c.header('Content-Type', 'image/svg+xml; charset=utf-8')
    // An SVG is a document that could run script: never let a browser guess another type.
    c.header('X-Content-Type-Options', 'nosniff')
    c.header('Content-Disposition', `inline; filename="prisma-project-${project.id}.svg"`)
    // The counts change with every vote: the page's <img> must not show an old diagram.
    c.header('Cache-Control', 'no-store')
    return c.body(prismaDiagram(prisma, { title: project.name }).svg)
  })
