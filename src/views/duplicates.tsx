import type { DuplicateCard } from '../queries/duplicates.ts'
import { ChangeLog } from './components/change-log.tsx'
import { Field, FormError, type FormState } from './components/form.tsx'
import { plural, shortAuthors } from './format.ts'
import { Layout, type LayoutProps } from './layout.tsx'

export interface DuplicateGroup {
  kept: DuplicateCard
  duplicates: DuplicateCard[]
}

export interface DuplicateEventRow {
  id: number
  recordId: number
  otherId: number | null
  action: string
  at: number
  by: string | null
}

const REASONS: Record<string, string> = {
  doi: 'same DOI',
  title_year: 'same title and year',
  manual: 'marked by hand',
}

export function DuplicatesPage(props: {
  layout: LayoutProps
  projectId: number
  total: number
  groups: DuplicateGroup[]
  next?: string | undefined
  history: DuplicateEventRow[]
  state?: FormState
}) {
  const base = `/projects/${props.projectId}`
  return (
    <Layout {...props.layout}>
      <h1>Duplicates</h1>
      <p class="lede">
        {plural(props.total, 'record')} marked as duplicates: they are not screened, and PRISMA
        counts them under “duplicate records removed”. The first-imported record of each group is
        kept.
      </p>
      <section class="card" aria-labelledby="merge-title">
        <h2 id="merge-title">Mark two records as one study</h2>
        <form method="post" action={`${base}/duplicates/merge`} class="inline-fields" novalidate>
          <FormError state={props.state} />
          <Field name="keep" label="Keep record" state={props.state} required />
          <Field name="duplicate" label="Its duplicate" state={props.state} required />
          <button type="submit">Mark as duplicate</button>
        </form>
        <p class="hint">Record numbers are on each record’s page and in its address.</p>
      </section>
      {props.groups.length === 0 ? (
        <p class="empty">No duplicates found.</p>
      ) : (
        props.groups.map((g) => (
          <section class="dup-group" aria-label={`Duplicates of record ${g.kept.id}`}>
            <div class="dup-cards">
              <RecordCard projectId={props.projectId} card={g.kept} label="Kept" />
              {g.duplicates.map((d) => (
                <RecordCard projectId={props.projectId} card={d} label="Duplicate">
                  <p class="meta">
                    {REASONS[d.duplicateReason ?? ''] ?? d.duplicateReason}
                    {d.duplicateScore !== null &&
                      d.duplicateScore < 1 &&
                      ` (similarity ${Math.round(d.duplicateScore * 100)} %)`}
                  </p>
                  <form
                    method="post"
                    action={`${base}/duplicates/${d.id}/split`}
                    class="inline"
                    data-confirm={`Record ${d.id} will stand on its own and enter screening. Go on?`}
                  >
                    <button type="submit" class="secondary small">
                      Not a duplicate
                    </button>
                  </form>
                </RecordCard>
              ))}
            </div>
          </section>
        ))
      )}
      {props.next && (
        <nav class="pager" aria-label="Pages">
          <span />
          <a href={props.next} rel="next">
            More groups →
          </a>
        </nav>
      )}
      <h2>Changes made by hand</h2>
      <ChangeLog
        id="duplicate-history"
        empty="None yet."
        rows={props.history.map((e) => ({
          at: e.at,
          who: e.by,
          what:
            e.action === 'split'
              ? `Record ${e.recordId} is not a duplicate of record ${e.otherId}`
              : `Record ${e.recordId} marked as a duplicate of record ${e.otherId}`,
        }))}
      />
    </Layout>
  )
}

function RecordCard(props: {
  projectId: number
  card: DuplicateCard
  label: string
  children?: unknown
}) {
  const c = props.card
  return (
    <article class={`dup-card ${props.label === 'Kept' ? 'dup-kept' : ''}`}>
      <p class="dup-label">
        {props.label} · <a href={`/projects/${props.projectId}/records/${c.id}`}>record {c.id}</a> ·{' '}
        {c.sourceName}
      </p>
      <h3>{c.title ?? '(no title)'}</h3>
      <p class="meta">{shortAuthors(c.authors)}</p>
      <p class="meta">{[c.year, c.journal].filter((x) => x !== null && x !== '').join(' · ')}</p>
      <p class="meta">{c.doi ?? 'no DOI'}</p>
      {props.children as never}
    </article>
  )
}
