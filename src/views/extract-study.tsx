import type { RecordRow } from '../db/schema.ts'
import type { FieldErrors, FormValues } from '../http/forms.ts'
import type { StudyField } from '../queries/extract-studies.ts'
import { shortAuthors } from './format.ts'
import { Layout, type LayoutProps } from './layout.tsx'
import {
  FindingsSection,
  ToolkitsSection,
  type FindingView,
  type RowState,
  type ToolkitView,
} from './extract-rows.tsx'

export const CHARACTERISTICS_ID = 'characteristics'

/** many-of values are stored as a JSON array; anything else as written. */
export function manyOf(value: string | undefined): string[] {
  if (!value) return []
  try {
    const parsed: unknown = JSON.parse(value)
    return Array.isArray(parsed) ? parsed.map(String) : [value]
  } catch {
    return [value]
  }
}

export function StudyPage(props: {
  layout: LayoutProps
  projectId: number
  ref: string
  record: RecordRow
  fields: StudyField[]
  values: Map<number, string>
  characteristics?: { values: FormValues; many: Record<string, string[]>; errors: FieldErrors }
  findings: FindingView[]
  toolkits: ToolkitView[]
  themes: string[]
  toolkitNames: string[]
  meId: number
  findingState: RowState
  toolkitState: RowState
}) {
  const { record: r } = props
  const base = `/projects/${props.projectId}/extraction/${r.id}`
  return (
    <Layout {...props.layout}>
      <p class="crumbs">
        <a href={`/projects/${props.projectId}/extraction`}>Extraction</a> ›
      </p>
      <h1 class="record-title">
        <span class="ref">{props.ref}</span> {r.title ?? '(no title)'}
      </h1>
      <p class="meta">
        {[shortAuthors(r.authors, 6), r.year, r.journal]
          .filter((x) => x !== null && x !== '')
          .join(' · ')}
        {' · '}
        <a href={`/projects/${props.projectId}/fulltext/${r.id}`}>full text</a>
      </p>
      <Characteristics {...props} base={base} />
      <FindingsSection
        base={base}
        rows={props.findings}
        meId={props.meId}
        state={props.findingState}
        themes={props.themes}
      />
      <ToolkitsSection
        base={base}
        rows={props.toolkits}
        meId={props.meId}
        state={props.toolkitState}
        names={props.toolkitNames}
      />
    </Layout>
  )
}

function Characteristics(props: {
  base: string
  fields: StudyField[]
  values: Map<number, string>
  characteristics?:
    { values: FormValues; many: Record<string, string[]>; errors: FieldErrors } | undefined
}) {
  const typed = props.characteristics
  const active = props.fields.filter((f) => f.retiredAt === null)
  const retired = props.fields.filter((f) => f.retiredAt !== null && props.values.has(f.id))
  return (
    <section id={CHARACTERISTICS_ID} class="card extract-section" aria-labelledby="chars-title">
      <h2 id="chars-title">Study characteristics</h2>
      <form method="post" action={`${props.base}/characteristics`} class="chars-form" novalidate>
        {active.map((f) => {
          const name = `field_${f.id}`
          const stored = props.values.get(f.id)
          const error = typed?.errors[name]
          const value = typed ? typed.values[name] : stored
          const chosen = typed ? (typed.many[name] ?? []) : manyOf(stored)
          const unknown =
            f.kind === 'one_of' || f.kind === 'many_of'
              ? chosen.filter((c) => !f.options.includes(c))
              : []
          return (
            <div class={error ? 'field field-invalid' : 'field'}>
              {f.kind === 'many_of' ? (
                <fieldset>
                  <legend>{f.label}</legend>
                  {[...f.options, ...unknown].map((o) => (
                    <label class="choice">
                      <input type="checkbox" name={name} value={o} checked={chosen.includes(o)} />{' '}
                      {o}
                      {unknown.includes(o) && <span class="meta"> (no longer an option)</span>}
                    </label>
                  ))}
                </fieldset>
              ) : (
                <>
                  <label for={`f-${name}`}>{f.label}</label>
                  {f.kind === 'one_of' ? (
                    <select id={`f-${name}`} name={name}>
                      <option value="">—</option>
                      {[...f.options, ...(value && !f.options.includes(value) ? [value] : [])].map(
                        (o) => (
                          <option value={o} selected={o === value}>
                            {o}
                            {!f.options.includes(o) && ' (no longer an option)'}
                          </option>
                        )
                      )}
                    </select>
                  ) : f.role === 'notes' ? (
                    <textarea id={`f-${name}`} name={name} rows={2}>
                      {value ?? ''}
                    </textarea>
                  ) : (
                    <input
                      id={`f-${name}`}
                      name={name}
                      value={value ?? ''}
                      inputmode={f.kind === 'number' ? 'numeric' : undefined}
                    />
                  )}
                </>
              )}
              {error && <p class="error">{error}</p>}
            </div>
          )
        })}
        {retired.map((f) => (
          <div class="field retired">
            <span class="label">{f.label}</span> <span class="meta">(retired field)</span>
            <p>{manyOf(props.values.get(f.id)).join('; ')}</p>
          </div>
        ))}
        <button type="submit">Save characteristics</button>
      </form>
    </section>
  )
}
