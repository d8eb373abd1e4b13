import type { Child } from 'hono/jsx'
import type { FieldErrors, FormValues } from '../../http/forms.ts'

export interface FormState {
  values?: FormValues
  errors?: FieldErrors
}

interface FieldProps {
  name: string
  label: string
  type?: 'text' | 'email' | 'password' | 'number' | 'url'
  state?: FormState | undefined
  required?: boolean
  autocomplete?: string
  hint?: string
  value?: string
  autofocus?: boolean
}

/** A labelled input with its hint and inline error, wired for screen readers. */
export function Field(props: FieldProps) {
  const id = `f-${props.name}`
  const error = props.state?.errors?.[props.name]
  const value =
    props.type === 'password' ? undefined : (props.state?.values?.[props.name] ?? props.value)
  const described = [props.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean)
  return (
    <div class={error ? 'field field-invalid' : 'field'}>
      <label for={id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={value}
        required={props.required}
        autocomplete={props.autocomplete}
        autofocus={props.autofocus}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described.length ? described.join(' ') : undefined}
      />
      {error && (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  )
}

interface SelectProps {
  name: string
  label: string
  options: readonly (readonly [value: string, label: string])[]
  state?: FormState | undefined
  value?: string
}

export function Select(props: SelectProps) {
  const id = `f-${props.name}`
  const error = props.state?.errors?.[props.name]
  const current = props.state?.values?.[props.name] ?? props.value
  return (
    <div class={error ? 'field field-invalid' : 'field'}>
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name} aria-invalid={error ? 'true' : undefined}>
        {props.options.map(([value, label]) => (
          <option value={value} selected={value === current}>
            {label}
          </option>
        ))}
      </select>
      {error && <p class="error">{error}</p>}
    </div>
  )
}

/** The form-level error (not tied to one field), e.g. a failed sign-in. */
export function FormError({ state }: { state?: FormState | undefined }) {
  const error = state?.errors?._form
  if (!error) return null
  return (
    <p class="alert alert-error" role="alert">
      {error}
    </p>
  )
}

export function PostButton(props: {
  action: string
  label: string
  class?: string
  confirm?: string
  children?: Child
}) {
  return (
    <form method="post" action={props.action} class="inline" data-confirm={props.confirm}>
      {props.children}
      <button type="submit" class={props.class ?? 'secondary'}>
        {props.label}
      </button>
    </form>
  )
}
