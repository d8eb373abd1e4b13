import { count, eq } from 'drizzle-orm'
import { Hono } from 'hono'
import { z } from 'zod'
import { projectMembers } from '../db/schema.ts'
import { prismaFor } from '../queries/prisma.ts'
import { progress } from '../queries/queue.ts'
import { access } from '../http/access.ts'
import { setFlash } from '../http/flash.ts'
import { readForm, requiredText } from '../http/forms.ts'
import { chrome } from '../http/page.ts'
import type { AppEnv } from '../http/types.ts'
import { createProject, listProjectsFor } from '../queries/projects.ts'
import { ProjectHomePage, ProjectsPage } from '../views/projects.tsx'

const NewProjectForm = z.object({
  name: requiredText('Name', 200),
  description: z
    .string()
    .trim()
    .max(2000, 'Keep the description under 2000 characters.')
    .default(''),
})

export const projectsRoutes = new Hono<AppEnv>()
  .get('/projects', async (c) => {
    const items = await listProjectsFor(c.var.deps.db.orm, c.var.user!.id)
    return c.html(<ProjectsPage layout={chrome(c, 'My projects')} items={items} />)
  })

  .post('/projects', async (c) => {
    const form = await readForm(c, NewProjectForm)
    const { db, now } = c.var.deps
    if (!form.ok) {
      const items = await listProjectsFor(db.orm, c.var.user!.id)
      return c.html(
        <ProjectsPage layout={chrome(c, 'My projects')} items={items} state={form} />,
        422
      )
    }
    const project = await db.write((tx) =>
      createProject(tx, { ...form.data, ownerId: c.var.user!.id, now: now() })
    )
    setFlash(c, `Project “${project.name}” created. You are its lead.`)
    return c.redirect(`/projects/${project.id}`, 303)
  })

  .get('/projects/:id', access('member'), async (c) => {
    const { db } = c.var.deps
    const project = c.var.project
    const [prisma, [memberCount], mine] = await Promise.all([
      prismaFor(db.orm, project.id),
      db.orm
        .select({ n: count() })
        .from(projectMembers)
        .where(eq(projectMembers.projectId, project.id)),
      progress(db.orm, project.id, c.var.user!.id, 'title_abstract'),
    ])
    const overview = {
      prisma,
      members: memberCount?.n ?? 0,
      waitingForMe: mine.mine.total - mine.mine.done,
      titleAbstract: mine.project,
    }
    return c.html(
      <ProjectHomePage
        layout={chrome(c, 'Overview', 'home')}
        project={project}
        overview={overview}
      />
    )
  })
