import { Hono } from 'hono'
import { z } from 'zod'
import { ROLES } from '../db/schema.ts'
import { AppError } from '../errors.ts'
import { access } from '../http/access.ts'
import { setFlash } from '../http/flash.ts'
import { emailField, readForm, type FormValues, type FieldErrors } from '../http/forms.ts'
import { chrome } from '../http/page.ts'
import type { AppEnv } from '../http/types.ts'
import type { Context } from 'hono'
import { addMember, changeRole, listMembers, removeMember } from '../queries/projects.ts'
import { MembersPage } from '../views/members.tsx'

const roleField = z.enum(ROLES, { error: 'Choose lead or reviewer.' })
const AddForm = z.object({ email: emailField, role: roleField })
const RoleForm = z.object({ role: roleField })

async function renderMembers(
  c: Context<AppEnv>,
  state?: { values: FormValues; errors: FieldErrors },
  status: 200 | 422 = 200
) {
  const members = await listMembers(c.var.deps.db.orm, c.var.project.id)
  return c.html(
    <MembersPage
      layout={chrome(c, 'Members', 'members')}
      projectId={c.var.project.id}
      members={members}
      isLead={c.var.member.role === 'lead'}
      meId={c.var.user!.id}
      state={state}
    />,
    status
  )
}

function memberId(c: Context<AppEnv>): number {
  const id = Number(c.req.param('userId'))
  if (!Number.isSafeInteger(id) || id <= 0) throw new AppError(404, 'Member not found.')
  return id
}

export const membersRoutes = new Hono<AppEnv>()
  .get('/projects/:id/members', access('member'), (c) => renderMembers(c))

  .post('/projects/:id/members', access('lead'), async (c) => {
    const form = await readForm(c, AddForm)
    if (!form.ok) return renderMembers(c, form, 422)
    const { db, now } = c.var.deps
    const added = await db.write((tx) =>
      addMember(tx, {
        projectId: c.var.project.id,
        ...form.data,
        byUserId: c.var.user!.id,
        now: now(),
      })
    )
    if (!added.ok)
      return renderMembers(c, { values: form.values, errors: { email: added.message } }, 422)
    c.var.deps.ranking.scheduleProject(c.var.project.id)
    setFlash(c, `${form.data.email} added as ${form.data.role}.`)
    return c.redirect(`/projects/${c.var.project.id}/members`, 303)
  })

  .post('/projects/:id/members/:userId/role', access('lead'), async (c) => {
    const form = await readForm(c, RoleForm)
    if (!form.ok) throw new AppError(422, 'Choose lead or reviewer.')
    const { db, now } = c.var.deps
    const userId = memberId(c)
    const changed = await db.write((tx) =>
      changeRole(tx, {
        projectId: c.var.project.id,
        userId,
        role: form.data.role,
        byUserId: c.var.user!.id,
        now: now(),
      })
    )
    if (!changed.ok) {
      if (changed.error === 'not_member') throw new AppError(404, changed.message)
      setFlash(c, changed.message, 'error')
    } else {
      setFlash(c, `Role changed to ${form.data.role}.`)
    }
    return c.redirect(`/projects/${c.var.project.id}/members`, 303)
  })

  .post('/projects/:id/members/:userId/remove', access('lead'), async (c) => {
    const { db, now } = c.var.deps
    const userId = memberId(c)
    const removed = await db.write((tx) =>
      removeMember(tx, {
        projectId: c.var.project.id,
        userId,
        byUserId: c.var.user!.id,
        now: now(),
      })
    )
    if (!removed.ok) {
      if (removed.error === 'not_member') throw new AppError(404, removed.message)
      setFlash(c, removed.message, 'error')
    } else {
      setFlash(c, 'Member removed. Their decisions are kept.')
    }
    // A lead who removed themselves can no longer see the project.
    const stillMember = userId !== c.var.user!.id
    return c.redirect(stillMember ? `/projects/${c.var.project.id}/members` : '/projects', 303)
  })
