import type { MiddlewareHandler } from 'hono'
import { forbidden, notFound } from '../errors.ts'
import { findMembership, findProject } from '../queries/projects.ts'
import type { AppEnv } from './types.ts'

/**
 * Who may do what on a project, decided here and nowhere else:
 * - 'member': any member; everyone else gets 404, so outsiders cannot tell a project exists.
 * - 'resolver': leads, and reviewers the lead allowed to resolve conflicts; other members 403.
 * - 'lead': leads only; reviewers get 403.
 * Mounted on every /projects/:id route (after requireUser).
 */
export type AccessLevel = 'member' | 'resolver' | 'lead'

export function access(level: AccessLevel): MiddlewareHandler<AppEnv> {
  return async function access(c, next) {
    const user = c.var.user
    const id = Number(c.req.param('id'))
    if (!user || !Number.isSafeInteger(id) || id <= 0) throw notFound('Project')
    // An earlier access() on the same request may have loaded these already.
    let member = c.get('member')
    let project = c.get('project')
    if (!member || !project || project.id !== id || member.userId !== user.id) {
      const { db } = c.var.deps
      const found = await findMembership(db.orm, id, user.id)
      if (!found) throw notFound('Project')
      const p = await findProject(db.orm, id)
      if (!p) throw notFound('Project')
      member = found
      project = p
      c.set('member', member)
      c.set('project', project)
    }
    if (level === 'lead' && member.role !== 'lead') throw forbidden()
    if (level === 'resolver' && member.role !== 'lead' && !member.canResolve) {
      throw forbidden('Only a lead, or a reviewer the lead named, may resolve conflicts.')
    }
    await next()
  }
}
