import type { ImportRow } from '../queries/imports.ts'
import type { RecordRow } from '../db/schema.ts'
import { FormError, type FormState } from './components/form.tsx'
import { formatDateTime, plural } from './format.ts'
import { Layout, type LayoutProps } from './layout.tsx'

export const IMPORT_STATUS_ID = 'import-status'

const SOURCE_SUGGESTIONS = [
  'Scopus',
  'Web of Science',
  'PubMed',
  'MEDLINE (Ovid)',
  'Embase',
  'PsycINFO',
  'CINAHL',
  'ERIC',
  'ASSIA',
  'Social Policy and Practice',
  'Google Scholar',
  'ClinicalTrials.gov',
  'Website search',
]

export interface ImportListItem extends ImportRow {
  byName: string | null
  removable: boolean
}

export function ImportsPage(props: {
  layout: LayoutProps
  projectId: number
  imports: ImportListItem[]
  isLead: boolean
  maxMb: number
  knownSources: string[]
  state?: FormState
}) {
  const base = `/projects/${props.projectId}/imports`
  const suggestions = [...new Set([...props.knownSources, ...SOURCE_SUGGESTIONS])]
  return (
    <Layout {...props.layout}>
      <h1>Imports</h1>
      {props.isLead && (
        <section class="card" aria-labelledby="new-import">
          <h2 id="new-import">Import search results</h2>
          <p class="hint">
            RIS exports from any database or reference manager, or PubMed <code>.nbib</code> files.
            Import each source separately: the source name is what the PRISMA diagram lists under
            “Records identified from”. Up to {props.maxMb} MB per upload.
          </p>
          <form method="post" action={base} enctype="multipart/form-data" class="grid-form">
            <FormError state={props.state} />
            <div class={props.state?.errors?.source ? 'field field-invalid' : 'field'}>
              <label for="f-source">Source</label>
              <input
                id="f-source"
                name="source"
                list="source-suggestions"
                value={props.state?.values?.source ?? ''}
                required
                placeholder="e.g. Scopus"
                aria-invalid={props.state?.errors?.source ? 'true' : undefined}
              />
              <datalist id="source-suggestions">
                {suggestions.map((s) => (
                  <option value={s} />
                ))}
              </datalist>
              {props.state?.errors?.source && <p class="error">{props.state.errors.source}</p>}
            </div>
            <fieldset class="field">
              <legend>Kind of source</legend>
              <label class="choice">
                <input
                  type="radio"
                  name="kind"
                  value="database"
                  checked={(props.state?.values?.kind ?? 'database') === 'database'}
                />{' '}
                Bibliographic database
              </label>
              <label class="choice">
                <input
                  type="radio"
                  name="kind"
                  value="register"
                  checked={props.state?.values?.kind === 'register'}
                />{' '}
                Register (e.g. trial or study register)
              </label>
            </fieldset>
            <div class={props.state?.errors?.files ? 'field field-invalid' : 'field'}>
              <label for="f-files">Files</label>
              <input
                id="f-files"
                name="files"
                type="file"
                multiple
                required
                accept=".ris,.txt,.nbib,.medline,text/plain,application/x-research-info-systems"
              />
              {props.state?.errors?.files && (
                <p class="error" role="alert">
                  {props.state.errors.files}
                </p>
              )}
            </div>
            <button type="submit">Import</button>
          </form>
        </section>
      )}
      {props.imports.length === 0 ? (
        <p class="empty">No records imported yet.</p>
      ) : (
        <table id="imports">
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col">Files</th>
              <th scope="col" class="num">
                Records
              </th>
              <th scope="col" class="num">
                Duplicates
              </th>
              <th scope="col" class="num">
                Warnings
              </th>
              <th scope="col">Imported</th>
              {props.isLead && <th scope="col"></th>}
            </tr>
          </thead>
          <tbody>
            {props.imports.map((imp) => (
              <tr>
                <td>
                  <a href={`${base}/${imp.id}`}>{imp.sourceName}</a>
                  {imp.sourceKind === 'register' && <span class="meta"> (register)</span>}
                  {imp.status !== 'complete' && (
                    <span class={`badge badge-${imp.status}`}>{imp.status}</span>
                  )}
                </td>
                <td class="files">{imp.fileNames.join(', ')}</td>
                <td class="num">{imp.recordCount}</td>
                <td class="num">{imp.duplicateCount}</td>
                <td class="num">{imp.warningCount}</td>
                <td>
                  {formatDateTime(imp.createdAt)}
                  {imp.byName && <span class="meta"> by {imp.byName}</span>}
                </td>
                {props.isLead && (
                  <td class="actions">
                    {imp.removable && (
                      <form
                        method="post"
                        action={`${base}/${imp.id}/delete`}
                        class="inline"
                        data-confirm={`Remove this import and its ${plural(imp.recordCount, 'record')}?`}
                      >
                        <button type="submit" class="danger small">
                          Remove
                        </button>
                      </form>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  )
}

export interface ImportReportData {
  records: number
  duplicates: number
  withoutTitle: number
  withoutAbstract: number
  samples: RecordRow[]
  warnings: { fileName: string; line: number | null; message: string }[]
}

export function ImportPage(props: {
  layout: LayoutProps
  projectId: number
  imp: ImportRow
  report?: ImportReportData | undefined
}) {
  return (
    <Layout {...props.layout}>
      <p class="crumbs">
        <a href={`/projects/${props.projectId}/imports`}>Imports</a> ›
      </p>
      <h1>
        {props.imp.sourceName}
        <span class="meta"> · import {props.imp.id}</span>
      </h1>
      <ImportStatus {...props} />
    </Layout>
  )
}

/** The page's live part: a progress bar that polls while running, then the report. */
export function ImportStatus(props: {
  projectId: number
  imp: ImportRow
  report?: ImportReportData | undefined
}) {
  const { imp } = props
  const url = `/projects/${props.projectId}/imports/${imp.id}`
  if (imp.status === 'running') {
    const share = imp.bytesTotal > 0 ? Math.min(1, imp.bytesDone / imp.bytesTotal) : 0
    const percent = Math.round(share * 100)
    return (
      <section
        id={IMPORT_STATUS_ID}
        class="card"
        hx-get={url}
        hx-trigger="every 1s"
        hx-swap="outerHTML"
        aria-live="polite"
      >
        <h2>Importing…</h2>
        <div
          class="progress"
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-label="Import progress"
        >
          <div class="progress-bar" style={`width: ${percent}%`}></div>
        </div>
        <p class="meta">
          {percent} % read · {plural(imp.recordCount, 'record')} so far. You can leave this page:
          the import goes on, and nothing of it is kept unless it completes.
        </p>
      </section>
    )
  }
  if (imp.status === 'failed') {
    return (
      <section id={IMPORT_STATUS_ID} class="card">
        <p class="alert alert-error" role="alert">
          {imp.error ?? 'The import failed; nothing of it was kept.'}
        </p>
      </section>
    )
  }
  const r = props.report
  if (!r) return <section id={IMPORT_STATUS_ID}></section>
  return (
    <section id={IMPORT_STATUS_ID}>
      <dl class="stats">
        <Stat label="Records imported" value={r.records} />
        <Stat label="Duplicates" value={r.duplicates} />
        <Stat label="Without title" value={r.withoutTitle} warn={r.withoutTitle > 0} />
        <Stat label="Without abstract" value={r.withoutAbstract} warn={r.withoutAbstract > 0} />
        <Stat label="Warnings" value={imp.warningCount} warn={imp.warningCount > 0} />
      </dl>
      <p>
        <a href={`/projects/${props.projectId}/records?import=${imp.id}`}>
          See the {plural(r.records, 'record')} of this import
        </a>
      </p>
      <h2>Files</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Format</th>
            <th scope="col">Encoding</th>
            <th scope="col" class="num">
              Records
            </th>
            <th scope="col" class="num">
              Warnings
            </th>
          </tr>
        </thead>
        <tbody>
          {imp.fileSummaries.map((f) => (
            <tr>
              <td>{f.name}</td>
              <td>{f.format === 'nbib' ? 'PubMed (MEDLINE)' : 'RIS'}</td>
              <td>{f.encoding}</td>
              <td class="num">{f.records}</td>
              <td class="num">{f.warnings}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Warnings</h2>
      {r.warnings.length === 0 ? (
        <p class="empty">None: every line was understood.</p>
      ) : (
        <table id="import-warnings">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col" class="num">
                Line
              </th>
              <th scope="col">What happened</th>
            </tr>
          </thead>
          <tbody>
            {r.warnings.map((w) => (
              <tr>
                <td>{w.fileName}</td>
                <td class="num">{w.line ?? '—'}</td>
                <td>{w.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {imp.warningCount > r.warnings.length && (
        <p class="meta">
          Showing the first {r.warnings.length} of {imp.warningCount} warnings.
        </p>
      )}
      <h2>Sample records</h2>
      <ol class="samples">
        {r.samples.map((s) => (
          <li>
            <a href={`/projects/${props.projectId}/records/${s.id}`}>{s.title ?? '(no title)'}</a>
            <p class="meta">
              {[
                s.authors.slice(0, 3).join('; ') + (s.authors.length > 3 ? ' et al.' : ''),
                s.year,
                s.journal,
                s.doi,
              ]
                .filter((x) => x !== null && x !== '')
                .join(' · ')}
            </p>
          </li>
        ))}
      </ol>
    </section>
  )
}

function Stat(props: { label: string; value: number; warn?: boolean }) {
  return (
    <div class={props.warn ? 'stat-warn' : undefined}>
      <dt>{props.label}</dt>
      <dd>{props.value}</dd>
    </div>
  )
}
