import {
  ASPECTS,
  COMB,
  DIRECTIONS,
  FINDING_KINDS,
  LEVELS,
  STAKEHOLDERS,
} from '../domain/extraction-codes.ts'
import type { FieldErrors, FormValues } from '../http/forms.ts'
import type { Child } from 'hono/jsx'

export const FINDINGS_ID = 'findings'
export const TOOLKITS_ID = 'toolkits'

export interface RowState {
  /** After a row was added: the fresh blank row takes the focus, for the next one. */
  focusNew?: boolean
  /** Which row is being edited ('new' for the blank row), with what was typed and the errors. */
  editing?: number | 'new'
  values?: FormValues
  errors?: FieldErrors
}

export interface FindingView {
  id: number
  kind: string
  comB: string
  level: string
  stakeholder: string
  theme: string
  evidence: string
  page: string
  extractedBy: string | null
  extractedById: number
  verifiedBy: string | null
}

export interface ToolkitView {
  id: number
  toolkit: string
  aspect: string
  finding: string
  direction: string
  design: string
  extractedBy: string | null
  extractedById: number
  verifiedBy: string | null
}

interface SectionProps<R> {
  base: string
  rows: R[]
  meId: number
  state: RowState
}

/** A stored row as form values (its text fields), to fill the edit form. */
const asValues = (row: object): Record<string, string> =>
  Object.fromEntries(Object.entries(row).filter(([, v]) => typeof v === 'string'))

const htmx = (target: string) => ({ 'hx-target': `#${target}`, 'hx-swap': 'outerHTML' })

function Select(props: {
  name: string
  label: string
  options: Record<string, string>
  value?: string | undefined
  error?: string | undefined
  autofocus?: boolean | undefined
}) {
  return (
    <label class={props.error ? 'cellfield invalid' : 'cellfield'}>
      <span class="sr-only">{props.label}</span>
      <select
        name={props.name}
        autofocus={props.autofocus}
        aria-label={props.label}
        aria-invalid={props.error ? 'true' : undefined}
      >
        <option value="">{props.label}…</option>
        {Object.entries(props.options).map(([k, v]) => (
          <option value={k} selected={k === props.value}>
            {v}
          </option>
        ))}
      </select>
    </label>
  )
}

function Input(props: {
  name: string
  label: string
  value?: string | undefined
  list?: string
  error?: string | undefined
  wide?: boolean
  autofocus?: boolean
}) {
  return (
    <label class={props.error ? 'cellfield invalid' : 'cellfield'}>
      <span class="sr-only">{props.label}</span>
      {props.wide ? (
        <textarea
          name={props.name}
          rows={2}
          placeholder={props.label}
          aria-label={props.label}
          aria-invalid={props.error ? 'true' : undefined}
        >
          {props.value ?? ''}
        </textarea>
      ) : (
        <input
          name={props.name}
          value={props.value ?? ''}
          placeholder={props.label}
          list={props.list}
          aria-label={props.label}
          autofocus={props.autofocus}
          aria-invalid={props.error ? 'true' : undefined}
        />
      )}
    </label>
  )
}

const Errors = ({ errors }: { errors?: FieldErrors | undefined }) => {
  const list = Object.values(errors ?? {}).filter(Boolean)
  return list.length ? (
    <p class="error" role="alert">
      {list.join(' ')}
    </p>
  ) : null
}

function Who(props: {
  extractedBy: string | null
  verifiedBy: string | null
  extractedById: number
  meId: number
  verifyUrl: string
  target: string
}) {
  return (
    <td class="who-cell">
      <span class="meta">by {props.extractedBy ?? '—'}</span>
      {props.verifiedBy ? (
        <span class="badge badge-included">verified · {props.verifiedBy}</span>
      ) : props.extractedById === props.meId ? (
        <span class="badge badge-pending">to verify</span>
      ) : (
        <form
          method="post"
          action={props.verifyUrl}
          hx-post={props.verifyUrl}
          {...htmx(props.target)}
          class="inline"
        >
          <button type="submit" class="secondary small">
            Verify
          </button>
        </form>
      )}
    </td>
  )
}

function FindingFields(props: FieldsProps) {
  const v = props.values
  const e = props.errors ?? {}
  return (
    <>
      <td>
        <Select
          name="kind"
          label="Kind"
          options={FINDING_KINDS}
          value={v.kind}
          error={e.kind}
          autofocus={props.autofocus}
        />
        <Select name="comB" label="COM-B" options={COMB} value={v.comB} error={e.comB} />
      </td>
      <td>
        <Select name="level" label="Level" options={LEVELS} value={v.level} error={e.level} />
        <Select
          name="stakeholder"
          label="Stakeholder"
          options={STAKEHOLDERS}
          value={v.stakeholder}
          error={e.stakeholder}
        />
      </td>
      <td>
        <Input
          name="theme"
          label="Theme (pick or type a new one)"
          value={v.theme}
          list="theme-list"
          error={e.theme}
        />
      </td>
      <td class="grow">
        <Input
          name="evidence"
          label="Evidence: quote or summary"
          value={v.evidence}
          error={e.evidence}
          wide
        />
        <Input name="page" label="Page" value={v.page} error={e.page} />
      </td>
    </>
  )
}

/** What one kind of row brings to the shared table: its columns, cells and form fields. */
interface RowsTableProps<R extends { id: number }> extends SectionProps<R> {
  id: typeof FINDINGS_ID | typeof TOOLKITS_ID
  kind: 'finding' | 'toolkit'
  title: string
  addLabel: string
  headings: string[]
  /** Suggestions for a text field (themes, toolkit names), as a datalist. */
  list: { id: string; options: string[] }
  cells: (row: R) => Child
  fields: (props: FieldsProps) => Child
}

interface FieldsProps {
  values: Partial<Record<string, string>>
  errors?: FieldErrors | undefined
  autofocus?: boolean
}

/**
 * A study's rows of one kind: each shown, or edited in place; who extracted and verified it;
 * and a blank row to add the next. The whole section is what htmx swaps after each change.
 */
function RowsTable<
  R extends {
    id: number
    extractedBy: string | null
    extractedById: number
    verifiedBy: string | null
  },
>(props: RowsTableProps<R>) {
  const { base, state, id } = props
  const add = `${base}/${props.kind}s`
  const columns = props.headings.length + 2
  return (
    <section id={id} aria-labelledby={`${id}-title`} class="extract-section">
      <h2 id={`${id}-title`}>{props.title}</h2>
      {state.editing === undefined && state.errors?._form && (
        <p class="alert alert-error" role="alert">
          {state.errors._form}
        </p>
      )}
      <datalist id={props.list.id}>
        {props.list.options.map((t) => (
          <option value={t} />
        ))}
      </datalist>
      <table class="rows">
        <thead>
          <tr>
            {props.headings.map((h) => (
              <th scope="col">{h}</th>
            ))}
            <th scope="col">Who</th>
            <th scope="col"></th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) =>
            state.editing === r.id ? (
              <tr class="editing">
                <td colspan={columns}>
                  <form
                    method="post"
                    action={`${add}/${r.id}`}
                    hx-post={`${add}/${r.id}`}
                    {...htmx(id)}
                    class="row-form"
                  >
                    <table class="inner">
                      <tbody>
                        <tr>
                          {props.fields({
                            values: state.values ?? asValues(r),
                            errors: state.errors,
                          })}
                          <td>
                            <button type="submit">Save</button> <a href={base}>Cancel</a>
                          </td>
                        </tr>
                      </tbody>
                    </table>
                    <Errors errors={state.errors} />
                  </form>
                </td>
              </tr>
            ) : (
              <tr>
                {props.cells(r)}
                <Who {...r} meId={props.meId} verifyUrl={`${add}/${r.id}/verify`} target={id} />
                <td class="actions">
                  <a
                    href={`${base}?edit=${props.kind}:${r.id}#${id}`}
                    hx-get={`${base}?edit=${props.kind}:${r.id}`}
                    {...htmx(id)}
                  >
                    Edit
                  </a>{' '}
                  <form
                    method="post"
                    action={`${add}/${r.id}/delete`}
                    hx-post={`${add}/${r.id}/delete`}
                    {...htmx(id)}
                    class="inline"
                    data-confirm="Delete this row?"
                  >
                    <button type="submit" class="link danger-link">
                      Delete
                    </button>
                  </form>
                </td>
              </tr>
            )
          )}
        </tbody>
      </table>
      <form
        method="post"
        action={add}
        hx-post={add}
        {...htmx(id)}
        class="row-form new-row"
        aria-label={props.addLabel}
      >
        <table class="inner">
          <tbody>
            <tr>
              {props.fields({
                values: state.editing === 'new' ? (state.values ?? {}) : {},
                errors: state.editing === 'new' ? state.errors : undefined,
                autofocus: state.focusNew === true || state.editing === 'new',
              })}
              <td>
                <button type="submit">Add row</button>
              </td>
            </tr>
          </tbody>
        </table>
        {state.editing === 'new' && <Errors errors={state.errors} />}
      </form>
    </section>
  )
}

export function FindingsSection(props: SectionProps<FindingView> & { themes: string[] }) {
  return (
    <RowsTable
      {...props}
      id={FINDINGS_ID}
      kind="finding"
      title="Barriers and enablers"
      addLabel="Add a barrier or enabler"
      headings={['Kind · COM-B', 'Level · stakeholder', 'Theme', 'Evidence']}
      list={{ id: 'theme-list', options: props.themes }}
      fields={(f) => <FindingFields {...f} />}
      cells={(r) => (
        <>
          <td>
            <span class={`badge badge-${r.kind === 'barrier' ? 'excluded' : 'included'}`}>
              {FINDING_KINDS[r.kind as 'barrier'] ?? r.kind}
            </span>
            <div>{COMB[r.comB as 'capability_physical'] ?? r.comB}</div>
          </td>
          <td>
            {LEVELS[r.level as 'individual'] ?? r.level}
            <div class="meta">{STAKEHOLDERS[r.stakeholder as 'other'] ?? r.stakeholder}</div>
          </td>
          <td>{r.theme}</td>
          <td class="grow">
            <blockquote class="evidence-text">{r.evidence}</blockquote>
            {r.page && <span class="meta">p. {r.page}</span>}
          </td>
        </>
      )}
    />
  )
}

function ToolkitFields(props: FieldsProps) {
  const v = props.values
  const e = props.errors ?? {}
  return (
    <>
      <td>
        <Input
          name="toolkit"
          label="Toolkit or guide"
          value={v.toolkit}
          list="toolkit-list"
          error={e.toolkit}
          autofocus={props.autofocus}
        />
      </td>
      <td>
        <Select name="aspect" label="Aspect" options={ASPECTS} value={v.aspect} error={e.aspect} />
        <Select
          name="direction"
          label="Direction"
          options={DIRECTIONS}
          value={v.direction}
          error={e.direction}
        />
      </td>
      <td class="grow">
        <Input name="finding" label="Finding" value={v.finding} error={e.finding} wide />
      </td>
      <td>
        <Input name="design" label="Evaluation design" value={v.design} error={e.design} />
      </td>
    </>
  )
}

export function ToolkitsSection(props: SectionProps<ToolkitView> & { names: string[] }) {
  return (
    <RowsTable
      {...props}
      id={TOOLKITS_ID}
      kind="toolkit"
      title="Toolkit and guide evaluations"
      addLabel="Add a toolkit or guide evaluation"
      headings={['Toolkit or guide', 'Aspect · direction', 'Finding', 'Design']}
      list={{ id: 'toolkit-list', options: props.names }}
      fields={(f) => <ToolkitFields {...f} />}
      cells={(r) => (
        <>
          <td>{r.toolkit}</td>
          <td>
            {ASPECTS[r.aspect as 'usability'] ?? r.aspect}
            <div class="meta">{DIRECTIONS[r.direction as 'mixed'] ?? r.direction}</div>
          </td>
          <td class="grow">{r.finding}</td>
          <td>{r.design}</td>
        </>
      )}
    />
  )
}
