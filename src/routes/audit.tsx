import { Hono } from 'hono'
import { access } from '../http/access.ts'
import { chrome } from '../http/page.ts'
import type { AppEnv } from '../http/types.ts'
import { AUDIT_KINDS, auditLog, type AuditKind } from '../queries/audit-log.ts'
import { AuditPage } from '../views/audit.tsx'

export const auditRoutes = new Hono<AppEnv>().get(
  '/projects/:id/audit',
  access('lead'),
  async (c) => {
    const asked = c.req.query('kind') ?? 'all'
    const kind: AuditKind = asked in AUDIT_KINDS ? (asked as AuditKind) : 'all'
    const cursor = /^(\d+)-(\d+)-(decision|event)$/.exec(c.req.query('before') ?? '')
    const before = cursor
      ? { at: Number(cursor[1]), id: Number(cursor[2]), source: cursor[3]! }
      : undefined
    const { rows, more } = await auditLog(c.var.deps.db.orm, c.var.project.id, kind, before)
    const last = rows.at(-1)
    const next =
      more && last
        ? `/projects/${c.var.project.id}/audit?kind=${kind}&before=${last.at}-${last.id}-${last.source}`
        : undefined
    return c.html(
      <AuditPage
        layout={chrome(c, 'Audit', 'audit')}
        projectId={c.var.project.id}
        kind={kind}
        rows={rows}
        next={next}
      />
    )
  }
)
