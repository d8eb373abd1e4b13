import type { RecordRow } from '../db/schema.ts'
import { PriorityPanel, type PriorityProps } from './screen-priority.tsx'
import type { Segment } from '../domain/highlight.ts'
import type { Progress } from '../queries/queue.ts'
import type { Criterion, Reason } from '../queries/settings.ts'
import { plural, shortAuthors } from './format.ts'
import { Layout, type LayoutProps } from './layout.tsx'

export const CARD_ID = 'screen-card'
export const PROGRESS_ID = 'screen-progress'

export interface CardProps {
  projectId: number
  record?: RecordRow | undefined
  /** The caller's own standing vote on this record, if any (never another reviewer's). */
  myVote?: { decision: string; note: string } | undefined
  reasons: Reason[]
  mark: (text: string) => Segment[]
  /** A short message about what just happened ("Undone", an error). */
  notice?: { kind: 'ok' | 'error'; text: string } | undefined
  canUndo: boolean
  conflicts: number
}

export function ScreenPage(props: {
  layout: LayoutProps
  card: CardProps
  progress: Progress
  priority: PriorityProps
  criteria: Criterion[]
  mode: string
}) {
  return (
    <Layout {...props.layout}>
      <div class="screen">
        <ProgressBars
          projectId={props.card.projectId}
          progress={props.progress}
          mode={props.mode}
        />
        <div class="screen-grid">
          <ScreenCard {...props.card} />
          <aside class="criteria" aria-labelledby="criteria-title">
            <PriorityPanel {...props.priority} />
            <h2 id="criteria-title">Inclusion criteria</h2>
            {props.criteria.length === 0 ? (
              <p class="empty">None written yet: the lead adds them under Settings.</p>
            ) : (
              <dl>
                {props.criteria.map((c) => (
                  <>
                    <dt>{c.name}</dt>
                    <dd>{c.description}</dd>
                  </>
                ))}
              </dl>
            )}
            <h2>Keys</h2>
            <ul class="keys">
              <li>
                <kbd>i</kbd> include
              </li>
              <li>
                <kbd>e</kbd> exclude
              </li>
              <li>
                <kbd>m</kbd> maybe
              </li>
              <li>
                <kbd>u</kbd> undo the last decision
              </li>
            </ul>
          </aside>
        </div>
      </div>
    </Layout>
  )
}

export function ProgressBars(props: {
  projectId: number
  progress: Progress
  mode: string
  oob?: boolean
}) {
  const { mine, project } = props.progress
  const pct = (n: number, of: number) => (of === 0 ? 0 : Math.round((n / of) * 100))
  return (
    <section
      id={PROGRESS_ID}
      class="progress-pair"
      aria-label="Progress"
      hx-swap-oob={props.oob ? 'true' : undefined}
    >
      <div>
        <p class="progress-label">
          <strong>You</strong> · {mine.done.toLocaleString('en-GB')} of{' '}
          {plural(mine.total, 'record')} done
        </p>
        <div
          class="progress"
          role="progressbar"
          aria-label="Your progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={pct(mine.done, mine.total)}
        >
          <div class="progress-bar" style={`width: ${pct(mine.done, mine.total)}%`}></div>
        </div>
      </div>
      <div>
        <p class="progress-label">
          <strong>Project</strong> · {project.settled.toLocaleString('en-GB')} decided,{' '}
          {project.conflict > 0 ? (
            <a href={`/projects/${props.projectId}/conflicts`}>
              {plural(project.conflict, 'conflict')}
            </a>
          ) : (
            '0 conflicts'
          )}
          , {project.pending.toLocaleString('en-GB')} waiting · {props.mode}
        </p>
        <div
          class="progress stacked"
          role="progressbar"
          aria-label="Project progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={pct(project.settled, project.total)}
        >
          <div class="progress-bar" style={`width: ${pct(project.settled, project.total)}%`}></div>
          <div
            class="progress-bar conflict"
            style={`width: ${pct(project.conflict, project.total)}%`}
          ></div>
        </div>
      </div>
    </section>
  )
}

function Marked({ segments }: { segments: Segment[] }) {
  return (
    <>{segments.map((s) => (s.mark ? <mark class={`term-${s.mark}`}>{s.text}</mark> : s.text))}</>
  )
}

/** The record being screened: the page's main part, and the whole htmx response to a decision. */
export function ScreenCard(props: CardProps) {
  const base = `/projects/${props.projectId}`
  const r = props.record
  if (!r) {
    return (
      <article id={CARD_ID} class="card screen-card done" tabindex={-1} autofocus>
        {props.notice && <Notice {...props.notice} />}
        <h2>Nothing is waiting for you</h2>
        <p>
          Every record in your queue has a decision.{' '}
          {props.conflicts > 0 ? (
            <>
              {plural(props.conflicts, 'record is', 'records are')} in conflict:{' '}
              <a href={`${base}/conflicts`}>see the conflicts</a>.
            </>
          ) : (
            'New imports will appear here.'
          )}
        </p>
        {props.canUndo && <UndoForm projectId={props.projectId} />}
      </article>
    )
  }
  const meta = [shortAuthors(r.authors, 6), r.year, r.journal].filter((x) => x !== null && x !== '')
  return (
    <article
      id={CARD_ID}
      class="card screen-card"
      tabindex={-1}
      autofocus
      data-record={String(r.id)}
      aria-labelledby="record-title"
    >
      {props.notice && <Notice {...props.notice} />}
      <form
        method="post"
        action={`${base}/records/${r.id}/decisions`}
        hx-post={`${base}/records/${r.id}/decisions`}
        hx-target={`#${CARD_ID}`}
        hx-swap="outerHTML"
        class="decision-form"
      >
        <input type="hidden" name="stage" value="title_abstract" />
        <h2 id="record-title" class="record-title">
          {r.title ? <Marked segments={props.mark(r.title)} /> : '(no title)'}
        </h2>
        <p class="meta">{meta.join(' · ')}</p>
        {r.abstract ? (
          <p class="abstract">
            <Marked segments={props.mark(r.abstract)} />
          </p>
        ) : (
          <p class="empty">
            No abstract: decide on the title, or choose Maybe to see the full text.
          </p>
        )}
        {r.keywords.length > 0 && (
          <p class="keywords">
            <Marked segments={props.mark(r.keywords.join('; '))} />
          </p>
        )}
        {props.myVote && (
          <p class="my-vote">
            Your decision: <strong>{props.myVote.decision}</strong>. Choose again to change it.
          </p>
        )}
        <div class="decide">
          <button type="submit" name="decision" value="include" class="vote include" data-key="i">
            Include <kbd>i</kbd>
          </button>
          <button type="submit" name="decision" value="maybe" class="vote maybe" data-key="m">
            Maybe <kbd>m</kbd>
          </button>
          <button type="submit" name="decision" value="exclude" class="vote exclude" data-key="e">
            Exclude <kbd>e</kbd>
          </button>
        </div>
        <details class="extras">
          <summary>Add a note or an exclusion reason</summary>
          <div class="field">
            <label for="f-note">Note (seen by the resolver if you disagree)</label>
            <textarea id="f-note" name="note" rows={2} maxlength={2000}>
              {props.myVote?.note ?? ''}
            </textarea>
          </div>
          <div class="field">
            <label for="f-reason">Exclusion reason (optional at this stage)</label>
            <select id="f-reason" name="reason">
              <option value="">—</option>
              {props.reasons.map((reason) => (
                <option value={String(reason.id)}>{reason.label}</option>
              ))}
            </select>
          </div>
        </details>
      </form>
      <p class="record-links meta">
        Record {r.id}
        {r.doi && (
          <>
            {' '}
            ·{' '}
            <a href={`https://doi.org/${r.doi}`} target="_blank" rel="noopener noreferrer">
              doi:{r.doi}
            </a>
          </>
        )}
      </p>
      {props.canUndo && <UndoForm projectId={props.projectId} />}
    </article>
  )
}

function UndoForm({ projectId }: { projectId: number }) {
  const url = `/projects/${projectId}/screen/undo`
  return (
    <form
      method="post"
      action={url}
      hx-post={url}
      hx-target={`#${CARD_ID}`}
      hx-swap="outerHTML"
      class="undo"
    >
      <button type="submit" class="link" data-key="u">
        Undo my last decision <kbd>u</kbd>
      </button>
    </form>
  )
}

function Notice(props: { kind: 'ok' | 'error'; text: string }) {
  return (
    <p class={`alert alert-${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      {props.text}
    </p>
  )
}
