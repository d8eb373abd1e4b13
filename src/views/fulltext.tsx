import type { RecordRow } from '../db/schema.ts'
import type { FullText } from '../queries/fulltext.ts'
import type { Reason } from '../queries/settings.ts'
import { formatDateTime, plural, shortAuthors } from './format.ts'
import { Layout, type LayoutProps } from './layout.tsx'

const STATUS: Record<string, string> = {
  pending: 'waiting',
  conflict: 'conflict',
  included: 'included',
  excluded: 'excluded',
  not_retrieved: 'not retrieved',
}

export interface FullTextRow {
  id: number
  title: string | null
  authors: string[]
  year: number | null
  journal: string | null
  status: string
  attached: string | null
  waitingForMe: boolean
}

export function FullTextListPage(props: {
  layout: LayoutProps
  projectId: number
  show: 'mine' | 'all'
  rows: FullTextRow[]
  total: number
  waitingForMe: number
  page: number
  pages: number
}) {
  const base = `/projects/${props.projectId}/fulltext`
  return (
    <Layout {...props.layout}>
      <h1>Full-text eligibility</h1>
      <p class="lede">
        Records that passed title and abstract screening. Attach each report (a PDF or a link), then
        include it or exclude it with one reason — or mark it not retrieved.
      </p>
      <p>
        {props.waitingForMe > 0 ? (
          <a class="button" href={`${base}/next`}>
            Next report waiting for you ({props.waitingForMe})
          </a>
        ) : (
          <span class="meta">Nothing at full text is waiting for you.</span>
        )}
      </p>
      <nav class="subtabs" aria-label="Which reports">
        <a href={`${base}?show=mine`} aria-current={props.show === 'mine' ? 'page' : undefined}>
          Waiting for me
        </a>
        <a href={`${base}?show=all`} aria-current={props.show === 'all' ? 'page' : undefined}>
          All reports
        </a>
      </nav>
      {props.rows.length === 0 ? (
        <p class="empty">
          {props.show === 'mine' ? 'None waiting for you.' : 'No record has reached full text yet.'}
        </p>
      ) : (
        <table id="fulltext">
          <thead>
            <tr>
              <th scope="col">Report</th>
              <th scope="col">Full text</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <td>
                  <a href={`${base}/${r.id}`}>{r.title ?? '(no title)'}</a>
                  <div class="meta">
                    {[shortAuthors(r.authors), r.year, r.journal]
                      .filter((x) => x !== null && x !== '')
                      .join(' · ')}
                  </div>
                </td>
                <td>{r.attached === 'pdf' ? 'PDF' : r.attached === 'link' ? 'link' : '—'}</td>
                <td>
                  <span class={`badge badge-${r.status}`}>{STATUS[r.status] ?? r.status}</span>
                  {r.waitingForMe && <span class="meta"> · your vote needed</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="meta">
        {plural(props.total, 'report')}
        {props.pages > 1 && ` · page ${props.page} of ${props.pages}`}
      </p>
      {props.pages > 1 && (
        <nav class="pager" aria-label="Pages">
          {props.page > 1 ? (
            <a href={`${base}?show=${props.show}&page=${props.page - 1}`}>← Previous</a>
          ) : (
            <span />
          )}
          {props.page < props.pages ? (
            <a href={`${base}?show=${props.show}&page=${props.page + 1}`}>Next →</a>
          ) : (
            <span />
          )}
        </nav>
      )}
    </Layout>
  )
}

export interface Ballot {
  name: string
  decision: string
  reason: string | null
  note: string
}

export function FullTextRecordPage(props: {
  layout: LayoutProps
  projectId: number
  record: RecordRow
  status: string
  fullText?: { fullText: FullText; addedBy: string | null } | undefined
  reasons: Reason[]
  myVote?: { decision: string; reasonId: number | null; note: string } | undefined
  /** Everyone's votes: only once the record is in conflict or decided. */
  unblinded?: Ballot[] | undefined
  canVote: boolean
  closedBecause?: string | null
}) {
  const { record: r, projectId } = props
  const base = `/projects/${projectId}`
  const ft = props.fullText?.fullText
  return (
    <Layout {...props.layout}>
      <p class="crumbs">
        <a href={`${base}/fulltext`}>Full text</a> ›
      </p>
      <h1 class="record-title">{r.title ?? '(no title)'}</h1>
      <p class="meta">
        {[shortAuthors(r.authors, 6), r.year, r.journal]
          .filter((x) => x !== null && x !== '')
          .join(' · ')}
        {r.doi && (
          <>
            {' · '}
            <a href={`https://doi.org/${r.doi}`} target="_blank" rel="noopener noreferrer">
              doi:{r.doi}
            </a>
          </>
        )}
      </p>
      <p>
        Status:{' '}
        <span class={`badge badge-${props.status}`}>{STATUS[props.status] ?? props.status}</span>
      </p>
      <div class="ft-grid">
        <section class="card ft-text" aria-labelledby="ft-title">
          <h2 id="ft-title">Full text</h2>
          {ft?.kind === 'pdf' && (
            <>
              <iframe
                class="pdf"
                src={`${base}/records/${r.id}/fulltext.pdf`}
                title={`Full text of record ${r.id}`}
              ></iframe>
              <p class="meta">
                <a href={`${base}/records/${r.id}/fulltext.pdf`} target="_blank" rel="noopener">
                  Open {ft.fileName ?? 'the PDF'} in a new tab
                </a>{' '}
                · added {formatDateTime(ft.addedAt)}
                {props.fullText?.addedBy && ` by ${props.fullText.addedBy}`}
              </p>
            </>
          )}
          {ft?.kind === 'link' && (
            <p>
              <a href={ft.location} target="_blank" rel="noopener noreferrer">
                {ft.location}
              </a>
              <span class="meta">
                {' '}
                · added {formatDateTime(ft.addedAt)}
                {props.fullText?.addedBy && ` by ${props.fullText.addedBy}`}
              </span>
            </p>
          )}
          {!ft && <p class="empty">No full text attached yet.</p>}
          <details class="extras" open={!ft}>
            <summary>{ft ? 'Replace the full text' : 'Attach the full text'}</summary>
            <form
              method="post"
              action={`${base}/records/${r.id}/fulltext`}
              enctype="multipart/form-data"
              class="inline-fields"
            >
              <div class="field">
                <label for="f-pdf">PDF file</label>
                <input id="f-pdf" name="pdf" type="file" accept="application/pdf,.pdf" required />
              </div>
              <button type="submit">Upload PDF</button>
            </form>
            <form
              method="post"
              action={`${base}/records/${r.id}/fulltext-link`}
              class="inline-fields"
            >
              <div class="field grow">
                <label for="f-url">or a link</label>
                <input id="f-url" name="url" type="url" placeholder="https://…" required />
              </div>
              <button type="submit" class="secondary">
                Save link
              </button>
            </form>
          </details>
        </section>
        <section class="card ft-decide" aria-labelledby="decide-title">
          <h2 id="decide-title">Eligibility</h2>
          {props.myVote && (
            <p class="my-vote">
              Your decision:{' '}
              <strong>{STATUS[props.myVote.decision] ?? props.myVote.decision}</strong>
              {props.myVote.reasonId !== null &&
                ` (${props.reasons.find((x) => x.id === props.myVote!.reasonId)?.label ?? 'a retired reason'})`}
            </p>
          )}
          {props.canVote ? (
            <form method="post" action={`${base}/records/${r.id}/decisions`}>
              <input type="hidden" name="stage" value="full_text" />
              <div class="field">
                <label for="f-reason">Exclusion reason (required to exclude)</label>
                <select id="f-reason" name="reason">
                  <option value="">—</option>
                  {props.reasons.map((reason) => (
                    <option
                      value={String(reason.id)}
                      selected={reason.id === props.myVote?.reasonId}
                    >
                      {reason.label}
                    </option>
                  ))}
                </select>
              </div>
              <div class="field">
                <label for="f-note">Note</label>
                <textarea id="f-note" name="note" rows={2} maxlength={2000}>
                  {props.myVote?.note ?? ''}
                </textarea>
              </div>
              <div class="decide">
                <button type="submit" name="decision" value="include" class="vote include">
                  Include
                </button>
                <button type="submit" name="decision" value="exclude" class="vote exclude">
                  Exclude
                </button>
                <button type="submit" name="decision" value="not_retrieved" class="secondary">
                  Not retrieved
                </button>
              </div>
              <p class="hint">
                “Not retrieved” records that the report could not be obtained; PRISMA counts it
                apart from the assessed reports.
              </p>
            </form>
          ) : (
            <p class="meta">
              {props.closedBecause ?? 'This record is not open for your decision.'}
            </p>
          )}
          {props.unblinded && props.unblinded.length > 0 && (
            <>
              <h3>Votes</h3>
              <ul class="ballots">
                {props.unblinded.map((b) => (
                  <li>
                    <strong>{b.name}</strong>: {STATUS[b.decision] ?? b.decision}
                    {b.reason && ` (${b.reason})`}
                    {b.note && <span class="meta"> — {b.note}</span>}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      </div>
      {r.abstract && (
        <details class="extras">
          <summary>Abstract</summary>
          <p class="abstract">{r.abstract}</p>
        </details>
      )}
    </Layout>
  )
}
