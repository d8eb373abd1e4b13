import { sql } from 'drizzle-orm'
import type { Q } from '../db/client.ts'

/** What the lead's audit page can show on its own. */
export const AUDIT_KINDS = {
  all: 'Everything',
  decisions: 'Votes and their changes',
  conflict: 'Resolutions',
  duplicate: 'Duplicates',
  settings: 'Settings',
  member: 'Members',
  import: 'Imports',
  fulltext: 'Full texts',
} as const
export type AuditKind = keyof typeof AUDIT_KINDS

export interface AuditRow {
  source: 'decision' | 'event'
  id: number
  at: number
  who: string | null
  recordId: number | null
  stage: string | null
  decision: string | null
  reason: string | null
  note: string | null
  action: string | null
  detail: Record<string, unknown> | null
}

export const AUDIT_PAGE = 100

/**
 * Every change in a project, newest first: each vote (a change of mind or an undo is a row of
 * its own: the decisions table is append-only) and every audited event (settings, members,
 * imports, duplicates, resolutions, full texts). Paged by (time, id).
 */
export async function auditLog(
  q: Q,
  projectId: number,
  kind: AuditKind,
  before?: { at: number; id: number; source: string }
): Promise<{ rows: AuditRow[]; more: boolean }> {
  const decisionsPart = sql`SELECT 'decision' AS source, d.id AS id, d.created_at AS at, u.name AS who,
      d.record_id AS record_id, d.stage AS stage, d.decision AS decision, r.label AS reason, d.note AS note,
      NULL AS action, NULL AS detail
    FROM decisions d LEFT JOIN users u ON u.id = d.user_id
    LEFT JOIN exclusion_reasons r ON r.id = d.reason_id
    WHERE d.project_id = ${projectId}`
  const prefix = kind === 'all' ? '%' : `${kind}.%`
  const eventsPart = sql`SELECT 'event' AS source, e.id AS id, e.at AS at, u.name AS who,
      NULL AS record_id, NULL AS stage, NULL AS decision, NULL AS reason, NULL AS note,
      e.action AS action, e.detail AS detail
    FROM audit_events e LEFT JOIN users u ON u.id = e.user_id
    WHERE e.project_id = ${projectId} AND e.action LIKE ${prefix}`
  const union =
    kind === 'decisions'
      ? decisionsPart
      : kind === 'all'
        ? sql`${decisionsPart} UNION ALL ${eventsPart}`
        : eventsPart
  const page = before
    ? sql`WHERE (at < ${before.at} OR (at = ${before.at} AND (id < ${before.id} OR (id = ${before.id} AND source < ${before.source}))))`
    : sql``
  const rows = await q.all<Record<string, unknown>>(
    sql`SELECT * FROM (${union}) ${page} ORDER BY at DESC, id DESC, source DESC LIMIT ${AUDIT_PAGE + 1}`
  )
  const mapped = rows.slice(0, AUDIT_PAGE).map((r) => ({
    source: r.source as AuditRow['source'],
    id: Number(r.id),
    at: Number(r.at),
    who: (r.who as string | null) ?? null,
    recordId: r.record_id == null ? null : Number(r.record_id),
    stage: (r.stage as string | null) ?? null,
    decision: (r.decision as string | null) ?? null,
    reason: (r.reason as string | null) ?? null,
    note: (r.note as string | null) ?? null,
    action: (r.action as string | null) ?? null,
    detail: typeof r.detail === 'string' ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
  }))
  return { rows: mapped, more: rows.length > AUDIT_PAGE }
}
