import type { FieldKind } from '../domain/extraction-codes.ts'
import type { StudyField } from '../queries/extract-studies.ts'
import type { Theme } from '../queries/extract-themes.ts'
import { plural } from './format.ts'
import { Layout, type LayoutProps } from './layout.tsx'

export interface StudyListItem {
  id: number
  ref: string
  title: string | null
  findings: number
  toolkits: number
  unverified: number
}

export function StudiesPage(props: {
  layout: LayoutProps
  projectId: number
  studies: StudyListItem[]
  isLead: boolean
}) {
  const base = `/projects/${props.projectId}/extraction`
  const unverified = props.studies.reduce((n, s) => n + s.unverified, 0)
  return (
    <Layout {...props.layout}>
      <h1>Extraction</h1>
      <p class="lede">
        The studies included at full text. One person extracts each row; a second person verifies
        it.
      </p>
      <p class="subtabs">
        <a href={`${base}/themes`}>Themes</a>
        {props.isLead && <a href={`${base}/fields`}>Study characteristics fields</a>}
        <a href={`/projects/${props.projectId}/synthesis`}>Synthesis table</a>
      </p>
      {unverified > 0 && (
        <p class="alert alert-error" id="unverified">
          {plural(unverified, 'row is', 'rows are')} not verified yet.
        </p>
      )}
      {props.studies.length === 0 ? (
        <p class="empty">No study has been included at full text yet.</p>
      ) : (
        <table id="studies">
          <thead>
            <tr>
              <th scope="col">Study</th>
              <th scope="col" class="num">
                Barriers and enablers
              </th>
              <th scope="col" class="num">
                Toolkit rows
              </th>
              <th scope="col" class="num">
                Not verified
              </th>
            </tr>
          </thead>
          <tbody>
            {props.studies.map((s) => (
              <tr>
                <td>
                  <a href={`${base}/${s.id}`}>
                    <strong>{s.ref}</strong>
                  </a>{' '}
                  {s.title ?? '(no title)'}
                </td>
                <td class="num">{s.findings}</td>
                <td class="num">{s.toolkits}</td>
                <td class="num">
                  {s.unverified > 0 ? <span class="badge badge-pending">{s.unverified}</span> : '0'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  )
}

export function ThemesPage(props: {
  layout: LayoutProps
  projectId: number
  themes: { theme: Theme; findings: number; by: string | null }[]
  isLead: boolean
  error?: { themeId?: number; message: string } | undefined
}) {
  const base = `/projects/${props.projectId}/extraction/themes`
  return (
    <Layout {...props.layout}>
      <p class="crumbs">
        <a href={`/projects/${props.projectId}/extraction`}>Extraction</a> ›
      </p>
      <h1>Themes</h1>
      <p class="lede">
        Deductive themes come from the protocol’s research questions; inductive themes are added
        while extracting (type a new name in a row’s theme field).
      </p>
      {props.error && (
        <p class="alert alert-error" role="alert">
          {props.error.message}
        </p>
      )}
      <table id="themes">
        <thead>
          <tr>
            <th scope="col">Theme</th>
            <th scope="col">Origin</th>
            <th scope="col" class="num">
              Findings
            </th>
            {props.isLead && <th scope="col">Rename or merge</th>}
          </tr>
        </thead>
        <tbody>
          {props.themes.map(({ theme, findings, by }) => (
            <tr>
              <td>{theme.name}</td>
              <td>
                {theme.origin}
                {by && <span class="meta"> · {by}</span>}
              </td>
              <td class="num">{findings}</td>
              {props.isLead && (
                <td class="actions">
                  <form method="post" action={`${base}/${theme.id}/rename`} class="inline-fields">
                    <label class="sr-only" for={`rename-${theme.id}`}>
                      New name for {theme.name}
                    </label>
                    <input id={`rename-${theme.id}`} name="name" value={theme.name} />
                    <button type="submit" class="secondary small">
                      Rename
                    </button>
                  </form>
                  <form method="post" action={`${base}/${theme.id}/merge`} class="inline-fields">
                    <label class="sr-only" for={`merge-${theme.id}`}>
                      Merge {theme.name} into
                    </label>
                    <select id={`merge-${theme.id}`} name="into">
                      <option value="">Merge into…</option>
                      {props.themes
                        .filter((t) => t.theme.id !== theme.id)
                        .map((t) => (
                          <option value={String(t.theme.id)}>{t.theme.name}</option>
                        ))}
                    </select>
                    <button type="submit" class="secondary small">
                      Merge
                    </button>
                  </form>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {props.isLead && (
        <section class="card narrow" aria-labelledby="add-themes">
          <h2 id="add-themes">Add deductive themes</h2>
          <form method="post" action={base}>
            <div class="field">
              <label for="f-names">One theme per line</label>
              <textarea
                id="f-names"
                name="names"
                rows={5}
                placeholder={'Leadership support\nAccess to data and analysts'}
              ></textarea>
            </div>
            <button type="submit">Add themes</button>
          </form>
        </section>
      )}
    </Layout>
  )
}

const KINDS: Record<FieldKind, string> = {
  text: 'Text',
  number: 'Number',
  one_of: 'One of a list',
  many_of: 'Any of a list',
}

export function FieldsPage(props: {
  layout: LayoutProps
  projectId: number
  fields: StudyField[]
  error?: string | undefined
}) {
  const base = `/projects/${props.projectId}/extraction/fields`
  return (
    <Layout {...props.layout}>
      <p class="crumbs">
        <a href={`/projects/${props.projectId}/extraction`}>Extraction</a> ›
      </p>
      <h1>Study characteristics fields</h1>
      <p class="lede">
        Renaming, reordering or retiring a field keeps every value already entered.
      </p>
      {props.error && (
        <p class="alert alert-error" role="alert">
          {props.error}
        </p>
      )}
      <table id="fields">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Kind</th>
            <th scope="col"></th>
          </tr>
        </thead>
        <tbody>
          {props.fields.map((f) => (
            <tr class={f.retiredAt ? 'is-duplicate' : undefined}>
              <td>
                <form method="post" action={`${base}/${f.id}`} class="field-edit">
                  <label class="sr-only" for={`label-${f.id}`}>
                    Name
                  </label>
                  <input id={`label-${f.id}`} name="label" value={f.label} />
                  {(f.kind === 'one_of' || f.kind === 'many_of') && (
                    <>
                      <label class="sr-only" for={`options-${f.id}`}>
                        Options, one per line
                      </label>
                      <textarea
                        id={`options-${f.id}`}
                        name="options"
                        rows={Math.max(2, f.options.length)}
                      >
                        {f.options.join('\n')}
                      </textarea>
                    </>
                  )}
                  <button type="submit" class="secondary small">
                    Save
                  </button>
                </form>
              </td>
              <td>
                {KINDS[f.kind as FieldKind] ?? f.kind}
                {f.retiredAt && <span class="meta"> · retired</span>}
              </td>
              <td class="actions">
                <form method="post" action={`${base}/${f.id}/move`} class="inline">
                  <button
                    type="submit"
                    name="direction"
                    value="up"
                    class="secondary small"
                    aria-label={`Move ${f.label} up`}
                  >
                    ↑
                  </button>
                  <button
                    type="submit"
                    name="direction"
                    value="down"
                    class="secondary small"
                    aria-label={`Move ${f.label} down`}
                  >
                    ↓
                  </button>
                </form>
                <form
                  method="post"
                  action={`${base}/${f.id}/${f.retiredAt ? 'restore' : 'retire'}`}
                  class="inline"
                >
                  <button type="submit" class="secondary small">
                    {f.retiredAt ? 'Restore' : 'Retire'}
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <section class="card narrow" aria-labelledby="add-field">
        <h2 id="add-field">Add a field</h2>
        <form method="post" action={base}>
          <div class="field">
            <label for="f-label">Name</label>
            <input id="f-label" name="label" required />
          </div>
          <div class="field">
            <label for="f-kind">Kind</label>
            <select id="f-kind" name="kind">
              {Object.entries(KINDS).map(([k, v]) => (
                <option value={k}>{v}</option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="f-options">Options (for a list), one per line</label>
            <textarea id="f-options" name="options" rows={3}></textarea>
          </div>
          <button type="submit">Add field</button>
        </form>
      </section>
    </Layout>
  )
}
