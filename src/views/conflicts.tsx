import type { Stage } from '../db/schema.ts'
import type { ConflictCard, ConflictVote, ResolvedRow } from '../queries/conflicts.ts'
import type { Reason } from '../queries/settings.ts'
import { formatDateTime, plural, shortAuthors } from './format.ts'
import { Layout, type LayoutProps } from './layout.tsx'

export const CONFLICT_LIST_ID = 'conflict-list'
export const RESOLVED_ID = 'resolved-list'
export const conflictId = (recordId: number) => `conflict-${recordId}`

const VOTE_LABELS: Record<string, string> = {
  include: 'Include',
  exclude: 'Exclude',
  maybe: 'Maybe',
  not_retrieved: 'Not retrieved',
}

/** A refused resolution, shown on the page it came from. */
export interface ResolveError {
  recordId: number
  message: string
  note: string
}

export function ConflictsPage(props: {
  layout: LayoutProps
  projectId: number
  total: number
  cards: ConflictCard[]
  page: number
  pages: number
  canResolve: boolean
  resolved: { rows: ResolvedRow[]; total: number }
  error?: ResolveError | undefined
  stage: Stage
  /** Full text: the reasons a resolver picks one of when excluding. */
  reasons: Reason[]
  /** Conflicts waiting at the other stage, for the switch between the two lists. */
  otherStageTotal: number
}) {
  const base = `/projects/${props.projectId}`
  const where = props.stage === 'full_text' ? 'full text' : 'title/abstract'
  const list = (page: number) => `${base}/conflicts?stage=${props.stage}&page=${page}`
  const { error } = props
  const errorShownOnCard = error !== undefined && props.cards.some((c) => c.id === error.recordId)
  return (
    <Layout {...props.layout}>
      <h1>Conflicts</h1>
      <nav class="subtabs" aria-label="Stage">
        <a
          href={`${base}/conflicts?stage=title_abstract`}
          aria-current={props.stage === 'title_abstract' ? 'page' : undefined}
        >
          Title/abstract{props.stage === 'full_text' && ` (${props.otherStageTotal})`}
        </a>
        <a
          href={`${base}/conflicts?stage=full_text`}
          aria-current={props.stage === 'full_text' ? 'page' : undefined}
        >
          Full text{props.stage === 'title_abstract' && ` (${props.otherStageTotal})`}
        </a>
      </nav>
      <p class="lede">
        {props.total === 0
          ? `No record is in conflict at ${where}.`
          : `${plural(props.total, 'record')} where the reviewers disagree at ${where}, oldest first.`}{' '}
        Votes stay blind until reviewers disagree; here both votes and their notes are shown.
      </p>
      {!props.canResolve && props.total > 0 && (
        <p class="hint">
          A lead, or a reviewer the lead names, records the final decision. You can read the
          conflicts.
        </p>
      )}
      {error && !errorShownOnCard && (
        <p class="alert alert-error" role="alert">
          Record {error.recordId}: {error.message}
        </p>
      )}
      <div id={CONFLICT_LIST_ID}>
        {props.cards.map((card) => (
          <Conflict
            base={base}
            card={card}
            canResolve={props.canResolve}
            error={error?.recordId === card.id ? error : undefined}
            stage={props.stage}
            reasons={props.reasons}
          />
        ))}
      </div>
      {props.pages > 1 && (
        <nav class="pager" aria-label="Pages">
          {props.page > 1 ? (
            <a href={list(props.page - 1)} rel="prev">
              ← Older conflicts
            </a>
          ) : (
            <span />
          )}
          <span class="meta">
            Page {props.page} of {props.pages}
          </span>
          {props.page < props.pages ? (
            <a href={list(props.page + 1)} rel="next">
              Newer conflicts →
            </a>
          ) : (
            <span />
          )}
        </nav>
      )}
      <Resolved base={base} {...props.resolved} />
    </Layout>
  )
}

function Conflict(props: {
  base: string
  card: ConflictCard
  canResolve: boolean
  error?: ResolveError | undefined
  stage: Stage
  reasons: Reason[]
}) {
  const { card, base } = props
  const meta = [shortAuthors(card.authors, 6), card.year, card.journal].filter(
    (x) => x !== null && x !== ''
  )
  const titleId = `${conflictId(card.id)}-title`
  return (
    <article class="card conflict-card" id={conflictId(card.id)} aria-labelledby={titleId}>
      <p class="meta">
        <a href={`${base}/records/${card.id}`}>Record {card.id}</a>
        {card.since !== null && <> · in conflict since {formatDateTime(card.since)}</>}
        {card.doi && (
          <>
            {' '}
            ·{' '}
            <a href={`https://doi.org/${card.doi}`} target="_blank" rel="noopener noreferrer">
              doi:{card.doi}
            </a>
          </>
        )}
      </p>
      <h2 class="record-title" id={titleId}>
        {card.title ?? '(no title)'}
      </h2>
      {meta.length > 0 && <p class="meta">{meta.join(' · ')}</p>}
      {card.abstract ? <p class="abstract">{card.abstract}</p> : <p class="empty">No abstract.</p>}
      <ul class="conflict-votes" aria-label="Votes">
        {card.votes.map((v) => (
          <Vote vote={v} />
        ))}
      </ul>
      {props.canResolve && (
        <ResolveForm
          base={base}
          recordId={card.id}
          error={props.error}
          stage={props.stage}
          reasons={props.reasons}
        />
      )}
    </article>
  )
}

function Vote({ vote }: { vote: ConflictVote }) {
  return (
    <li class={`conflict-vote vote-${vote.vote}`}>
      <p class="conflict-vote-head">
        <strong>{vote.name}</strong>{' '}
        <span class={`badge vote-badge vote-${vote.vote}`}>
          {VOTE_LABELS[vote.vote] ?? vote.vote}
        </span>
        {vote.reason && <span class="meta"> · {vote.reason}</span>}
      </p>
      {vote.note ? (
        <blockquote class="vote-note">{vote.note}</blockquote>
      ) : (
        <p class="meta">No note.</p>
      )}
      <p class="meta">{formatDateTime(vote.at)}</p>
    </li>
  )
}

function ResolveForm(props: {
  base: string
  recordId: number
  error?: ResolveError | undefined
  stage: Stage
  reasons: Reason[]
}) {
  const noteId = `note-${props.recordId}`
  const errorId = `resolve-error-${props.recordId}`
  return (
    <form
      method="post"
      action={`${props.base}/records/${props.recordId}/resolution`}
      class="resolve-form"
    >
      <input type="hidden" name="stage" value={props.stage} />
      {props.error && (
        <p class="alert alert-error" role="alert" id={errorId}>
          {props.error.message}
        </p>
      )}
      <div class="field">
        <label for={noteId}>Note on the final decision (optional)</label>
        <textarea
          id={noteId}
          name="note"
          rows={2}
          maxlength={2000}
          aria-describedby={props.error ? errorId : undefined}
        >
          {props.error?.note ?? ''}
        </textarea>
      </div>
      {props.stage === 'full_text' && (
        <div class="field">
          <label for={`reason-${props.recordId}`}>Exclusion reason (required to exclude)</label>
          <select id={`reason-${props.recordId}`} name="reason">
            <option value="">—</option>
            {props.reasons.map((r) => (
              <option value={String(r.id)}>{r.label}</option>
            ))}
          </select>
        </div>
      )}
      <div class="decide">
        <span class="decide-label">Final decision:</span>
        <button type="submit" name="decision" value="include" class="vote include">
          Include
        </button>
        <button type="submit" name="decision" value="exclude" class="vote exclude">
          Exclude
        </button>
        {props.stage === 'full_text' && (
          <button type="submit" name="decision" value="not_retrieved" class="secondary">
            Not retrieved
          </button>
        )}
      </div>
    </form>
  )
}

function Resolved(props: { base: string; rows: ResolvedRow[]; total: number }) {
  return (
    <section aria-labelledby="resolved-title">
      <h2 id="resolved-title">Resolved</h2>
      {props.rows.length === 0 ? (
        <p class="empty">No conflict has been resolved yet.</p>
      ) : (
        <>
          {props.total > props.rows.length && (
            <p class="meta">
              The {props.rows.length} most recent of {plural(props.total, 'resolution')}; the
              decisions export has them all.
            </p>
          )}
          <div class="table-scroll">
            <table id={RESOLVED_ID}>
              <thead>
                <tr>
                  <th scope="col">Record</th>
                  <th scope="col">Final decision</th>
                  <th scope="col">Note</th>
                  <th scope="col">Resolved by</th>
                  <th scope="col">When</th>
                </tr>
              </thead>
              <tbody>
                {props.rows.map((r) => (
                  <tr>
                    <td>
                      <a href={`${props.base}/records/${r.recordId}`}>{r.recordId}</a>{' '}
                      <span class="resolved-title">{r.title ?? '(no title)'}</span>
                    </td>
                    <td>
                      <span class={`badge vote-badge vote-${r.decision}`}>
                        {VOTE_LABELS[r.decision] ?? r.decision}
                      </span>
                      {r.reason && <span class="meta"> · {r.reason}</span>}
                    </td>
                    <td>{r.note || <span class="meta">—</span>}</td>
                    <td>{r.by}</td>
                    <td class="nowrap">{formatDateTime(r.at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  )
}
