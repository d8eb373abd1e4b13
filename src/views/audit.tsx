import { AUDIT_KINDS, type AuditKind, type AuditRow } from '../queries/audit-log.ts'
import { ChangeLog } from './components/change-log.tsx'
import { Layout, type LayoutProps } from './layout.tsx'

const STAGES: Record<string, string> = { title_abstract: 'title/abstract', full_text: 'full text' }

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v))
const list = (v: unknown) => (Array.isArray(v) ? v.map(str).join('; ') : str(v))

/** One change, as a sentence a lead can read. */
export function describe(row: AuditRow): string {
  if (row.source === 'decision') {
    const stage = STAGES[row.stage ?? ''] ?? row.stage
    if (row.decision === 'withdrawn') return `undid their vote on record ${row.recordId} (${stage})`
    const reason = row.reason ? ` (${row.reason})` : ''
    return `voted ${row.decision?.replace('_', ' ')}${reason} on record ${row.recordId} at ${stage}`
  }
  const d = row.detail ?? {}
  switch (row.action) {
    case 'project.create':
      return `created the project “${str(d.name)}”`
    case 'member.add':
      return `added ${str(d.email)} as ${str(d.role)}`
    case 'member.remove':
      return `removed member ${str(d.memberId)} (${str(d.role)})`
    case 'member.role':
      return `made member ${str(d.memberId)} a ${str(d.to)} (was ${str(d.from)})`
    case 'settings.criteria':
      return `set the inclusion criteria: ${list(d.criteria)}`
    case 'settings.terms':
      return `set the highlight terms: include ${list(d.include) || '—'}; exclude ${list(d.exclude) || '—'}`
    case 'settings.reasons':
      return `set the exclusion reasons: ${list(d.reasons)}`
    case 'settings.mode':
      return `set the screening mode: ${str(d.screeningMode)}, calibration ${Math.round(Number(d.calibrationShare) * 100)} %, κ ≥ ${str(d.kappaThreshold)}, full text ${str(d.fullTextMode)}`
    case 'settings.ranking':
      return d.ranking
        ? 'switched priority screening on (likely relevant records first)'
        : 'switched priority screening off (random order)'
    case 'settings.resolvers':
      return `named the reviewers who may resolve conflicts: ${list(d.userIds) || 'none'}`
    case 'duplicate.merge':
      return `marked record ${str(d.recordId)} as a duplicate of record ${str(d.duplicateOf)}`
    case 'duplicate.split':
      return `said record ${str(d.recordId)} is not a duplicate of record ${str(d.wasDuplicateOf)}`
    case 'conflict.resolve':
      return `resolved record ${str(d.recordId)} at ${STAGES[str(d.stage)] ?? str(d.stage)}: ${str(d.decision)}`
    case 'import.complete':
      return `imported ${str(d.records)} records from ${str(d.source)} (${str(d.duplicates)} duplicates)`
    case 'import.remove':
      return `removed the import from ${str(d.source)} (${str(d.records)} records)`
    case 'fulltext.attach':
      return `attached the full text of record ${str(d.recordId)} (${str(d.kind)}${d.fileName ? `: ${str(d.fileName)}` : ''})`
    default:
      return `${str(row.action)} ${JSON.stringify(d)}`
  }
}

export function AuditPage(props: {
  layout: LayoutProps
  projectId: number
  kind: AuditKind
  rows: AuditRow[]
  next?: string | undefined
}) {
  const base = `/projects/${props.projectId}/audit`
  return (
    <Layout {...props.layout}>
      <h1>Audit</h1>
      <p class="lede">
        Every change in this project, newest first: each vote and every change of vote, the
        resolutions, duplicates, settings, members, imports and full texts. Nothing here is ever
        edited or removed.
      </p>
      <nav class="subtabs" aria-label="Kind of change">
        {(Object.keys(AUDIT_KINDS) as AuditKind[]).map((k) => (
          <a href={`${base}?kind=${k}`} aria-current={k === props.kind ? 'page' : undefined}>
            {AUDIT_KINDS[k]}
          </a>
        ))}
      </nav>
      <ChangeLog
        id="audit"
        empty="Nothing yet."
        rows={props.rows.map((r) => ({
          at: r.at,
          who: r.who,
          what: (
            <>
              {describe(r)}
              {r.note && <div class="meta">Note: {r.note}</div>}
            </>
          ),
        }))}
      />
      {props.next && (
        <nav class="pager" aria-label="Pages">
          <span />
          <a href={props.next} rel="next">
            Older →
          </a>
        </nav>
      )}
    </Layout>
  )
}
