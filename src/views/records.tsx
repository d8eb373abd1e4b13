import type { RecordRow } from '../db/schema.ts'
import type { ImportRow } from '../queries/imports.ts'
import { plural, shortAuthors } from './format.ts'
import { Layout, type LayoutProps } from './layout.tsx'

export interface RecordListRow {
  id: number
  title: string | null
  authors: string[]
  year: number | null
  journal: string | null
  doi: string | null
  duplicateOf: number | null
  sourceName: string
}

export interface RecordQuery {
  q: string
  source: string
  show: 'all' | 'kept' | 'duplicates'
  importId?: number | undefined
}

export function RecordsPage(props: {
  layout: LayoutProps
  projectId: number
  query: RecordQuery
  sources: string[]
  rows: RecordListRow[]
  total: number
  prev?: string | undefined
  next?: string | undefined
}) {
  const base = `/projects/${props.projectId}/records`
  const { query } = props
  return (
    <Layout {...props.layout}>
      <h1>Records</h1>
      <form method="get" action={base} class="filters" role="search">
        <div class="field grow">
          <label for="f-q">Search titles, abstracts and authors</label>
          <input
            id="f-q"
            name="q"
            type="search"
            value={query.q}
            placeholder="e.g. commissioning evidence* or Smith"
          />
        </div>
        <div class="field">
          <label for="f-source">Source</label>
          <select id="f-source" name="source">
            <option value="">All sources</option>
            {props.sources.map((s) => (
              <option value={s} selected={s === query.source}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-show">Show</label>
          <select id="f-show" name="show">
            <option value="all" selected={query.show === 'all'}>
              All records
            </option>
            <option value="kept" selected={query.show === 'kept'}>
              Without duplicates
            </option>
            <option value="duplicates" selected={query.show === 'duplicates'}>
              Only duplicates
            </option>
          </select>
        </div>
        {query.importId !== undefined && (
          <input type="hidden" name="import" value={String(query.importId)} />
        )}
        <button type="submit">Search</button>
      </form>
      <p class="meta" id="records-count">
        {plural(props.total, 'record')}
        {query.importId !== undefined && (
          <>
            {' '}
            from import {query.importId} (<a href={base}>all imports</a>)
          </>
        )}
      </p>
      {props.rows.length === 0 ? (
        <p class="empty">No records match.</p>
      ) : (
        <table id="records">
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Authors</th>
              <th scope="col" class="num">
                Year
              </th>
              <th scope="col">Source</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr class={r.duplicateOf !== null ? 'is-duplicate' : undefined}>
                <td>
                  <a href={`${base}/${r.id}`}>{r.title ?? '(no title)'}</a>
                  {r.journal && <div class="meta">{r.journal}</div>}
                  {r.duplicateOf !== null && (
                    <div class="meta">
                      Duplicate of <a href={`${base}/${r.duplicateOf}`}>record {r.duplicateOf}</a>
                    </div>
                  )}
                </td>
                <td>{shortAuthors(r.authors)}</td>
                <td class="num">{r.year ?? ''}</td>
                <td>{r.sourceName}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav class="pager" aria-label="Pages">
        {props.prev ? (
          <a href={props.prev} rel="prev">
            ← Previous
          </a>
        ) : (
          <span />
        )}
        {props.next ? (
          <a href={props.next} rel="next">
            Next →
          </a>
        ) : (
          <span />
        )}
      </nav>
    </Layout>
  )
}

export function RecordPage(props: {
  layout: LayoutProps
  projectId: number
  record: RecordRow
  imp: ImportRow
}) {
  const { record: r, imp } = props
  const base = `/projects/${props.projectId}/records`
  const fields: [string, string | null][] = [
    ['Authors', r.authors.join('; ') || null],
    ['Year', r.year === null ? null : String(r.year)],
    ['Journal', r.journal],
    ['Type', r.type],
    ['DOI', r.doi],
    ['Database', r.database],
    ['Keywords', r.keywords.join('; ') || null],
  ]
  return (
    <Layout {...props.layout}>
      <p class="crumbs">
        <a href={base}>Records</a> ›
      </p>
      <h1 class="record-title">{r.title ?? '(no title)'}</h1>
      {r.duplicateOf !== null && (
        <p class="alert alert-error">
          Marked as a duplicate of <a href={`${base}/${r.duplicateOf}`}>record {r.duplicateOf}</a>
          {r.duplicateReason === 'doi'
            ? ' (same DOI)'
            : r.duplicateReason
              ? ' (same title and year)'
              : ''}
          : it is not screened.
        </p>
      )}
      <dl class="fields">
        {fields.map(([label, value]) => (
          <>
            <dt>{label}</dt>
            <dd>
              {value === null ? (
                <span class="meta">—</span>
              ) : label === 'DOI' ? (
                <a href={`https://doi.org/${value}`} rel="noopener noreferrer" target="_blank">
                  {value}
                </a>
              ) : (
                value
              )}
            </dd>
          </>
        ))}
      </dl>
      <h2>Abstract</h2>
      {r.abstract ? <p class="abstract">{r.abstract}</p> : <p class="empty">No abstract.</p>}
      <h2>Where it came from</h2>
      <p>
        Import <a href={`/projects/${props.projectId}/imports/${imp.id}`}>{imp.id}</a> from{' '}
        <strong>{imp.sourceName}</strong> ({imp.sourceKind}): record {r.position} of{' '}
        <code>{r.fileName}</code>, starting on line {r.startLine}.
      </p>
      <h2>Raw tags</h2>
      <table id="raw-tags" class="raw">
        <thead>
          <tr>
            <th scope="col">Tag</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {r.raw.map(([tag, value]) => (
            <tr>
              <td>
                <code>{tag}</code>
              </td>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  )
}
