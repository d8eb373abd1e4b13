import type { Child } from 'hono/jsx'
import type { FormValues } from '../http/forms.ts'
import type { Criterion, Reason } from '../queries/settings.ts'
import { FormError, type FormState } from './components/form.tsx'

export const SECTIONS = {
  criteria: { id: 'settings-criteria', title: 'Inclusion criteria' },
  terms: { id: 'settings-terms', title: 'Highlight terms' },
  reasons: { id: 'settings-reasons', title: 'Exclusion reasons' },
  mode: { id: 'settings-mode', title: 'Screening mode' },
  ranking: { id: 'settings-ranking', title: 'Priority screening' },
  resolvers: { id: 'settings-resolvers', title: 'Who may resolve conflicts' },
} as const
export type SectionName = keyof typeof SECTIONS

/** What a field shows: what was posted after a mistake, else what is saved. */
export const shown = (state: FormState | undefined, key: string, saved: string) =>
  state?.values?.[key] ?? saved

/** Blank rows offered for adding; saving offers two more. */
export const BLANK_ROWS = 2

/** The error text under an input, and the attributes that tie the input to it. */
export function invalid(id: string, error: string | undefined) {
  return error ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${id}-error` } : {}
}

export function ErrorText({ id, error }: { id: string; error?: string | undefined }) {
  if (!error) return null
  return (
    <p class="error" id={`${id}-error`}>
      {error}
    </p>
  )
}

/** One settings section: a card with its own form, posting to its own URL. */
export function SettingsSection(props: {
  id: string
  title: string
  action: string
  button: string
  state?: FormState | undefined
  intro?: Child
  children?: Child
}) {
  return (
    <section class="card settings-section" id={props.id} aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      {props.intro}
      <form method="post" action={props.action} novalidate>
        <FormError state={props.state} />
        {props.children}
        <button type="submit">{props.button}</button>
      </form>
    </section>
  )
}

/** The row numbers of indexed fields (`name_0`, `text_0`, …) in a re-shown form. */
function postedRows(values: FormValues, fields: readonly string[]): number[] {
  const pattern = new RegExp(`^(?:${fields.join('|')})_(\\d+)$`)
  const rows = new Set<number>()
  for (const key of Object.keys(values)) {
    const m = pattern.exec(key)
    if (m) rows.add(Number(m[1]))
  }
  return [...rows].sort((a, b) => a - b)
}

/** What each row shows: the posted values after a mistake, else the saved rows plus blanks. */
function rowValues<T>(
  state: FormState | undefined,
  fields: readonly string[],
  saved: T[],
  toValues: (row: T) => FormValues
): FormValues[] {
  const values = state?.values
  if (values) {
    return postedRows(values, fields).map((i) =>
      Object.fromEntries(fields.map((f) => [f, values[`${f}_${i}`] ?? '']))
    )
  }
  return [...saved.map(toValues), ...Array.from({ length: BLANK_ROWS }, () => ({}))]
}

export function CriteriaRows(props: { criteria: Criterion[]; state?: FormState | undefined }) {
  const rows = rowValues(props.state, ['id', 'name', 'text'], props.criteria, (c) => ({
    id: String(c.id),
    name: c.name,
    text: c.description,
  }))
  const saved = rows.filter((r) => r.id).length
  return (
    <>
      {/* The first submit button is the one Enter presses: saving, not moving a row. */}
      <button type="submit" class="sr-only" tabindex={-1} aria-hidden="true">
        Save criteria
      </button>
      {rows.map((row, i) => {
        const n = i + 1
        const nameId = `f-name_${i}`
        const textId = `f-text_${i}`
        const nameError = props.state?.errors?.[`name_${i}`]
        const textError = props.state?.errors?.[`text_${i}`]
        return (
          <fieldset class="criterion-row">
            <legend>{row.id ? `Criterion ${n}` : 'New criterion'}</legend>
            <input type="hidden" name={`id_${i}`} value={row.id ?? ''} />
            <div class={nameError ? 'field field-invalid' : 'field'}>
              <label for={nameId}>Name</label>
              <input
                id={nameId}
                name={`name_${i}`}
                value={row.name ?? ''}
                {...invalid(nameId, nameError)}
              />
              <ErrorText id={nameId} error={nameError} />
            </div>
            <div class={textError ? 'field field-invalid' : 'field'}>
              <label for={textId}>Text</label>
              <textarea
                id={textId}
                name={`text_${i}`}
                rows={textRows(row.text)}
                {...invalid(textId, textError)}
              >
                {row.text ?? ''}
              </textarea>
              <ErrorText id={textId} error={textError} />
            </div>
            <div class="row-moves">{row.id && <MoveButtons index={i} last={i >= saved - 1} />}</div>
          </fieldset>
        )
      })}
    </>
  )
}

/** Tall enough for the text (about 70 characters a line), from 2 to 8 lines. */
const textRows = (text = '') => Math.min(8, Math.max(2, Math.ceil(text.length / 70)))

function MoveButtons({ index, last }: { index: number; last: boolean }) {
  const n = index + 1
  return (
    <>
      <button
        type="submit"
        name="move"
        value={`up:${index}`}
        class="secondary small"
        disabled={index === 0}
        aria-label={`Move criterion ${n} up`}
        title="Move up"
      >
        ↑
      </button>
      <button
        type="submit"
        name="move"
        value={`down:${index}`}
        class="secondary small"
        disabled={last}
        aria-label={`Move criterion ${n} down`}
        title="Move down"
      >
        ↓
      </button>
    </>
  )
}

export function ReasonRows(props: { reasons: Reason[]; state?: FormState | undefined }) {
  const rows = rowValues(props.state, ['id', 'label', 'retired'], props.reasons, (r) => ({
    id: String(r.id),
    label: r.label,
    ...(r.retiredAt === null ? {} : { retired: 'on' }),
  }))
  return (
    <ol class="reason-rows">
      {rows.map((row, i) => {
        const id = `f-label_${i}`
        const error = props.state?.errors?.[`label_${i}`]
        return (
          <li class={row.retired ? 'reason-row is-retired' : 'reason-row'}>
            <input type="hidden" name={`id_${i}`} value={row.id ?? ''} />
            <div class={error ? 'field field-invalid' : 'field'}>
              <label for={id} class="sr-only">
                {row.id ? `Reason ${i + 1}` : 'New reason'}
              </label>
              <input
                id={id}
                name={`label_${i}`}
                value={row.label ?? ''}
                placeholder={row.id ? undefined : 'New reason'}
                {...invalid(id, error)}
              />
              <ErrorText id={id} error={error} />
            </div>
            {row.id && (
              <label class="choice">
                <input type="checkbox" name={`retired_${i}`} checked={Boolean(row.retired)} />{' '}
                Retired
              </label>
            )}
          </li>
        )
      })}
    </ol>
  )
}
