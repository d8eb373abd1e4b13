import type { FieldErrors, FormValues } from '../http/forms.ts'
import type { StudyField } from '../queries/extract-studies.ts'

type Body = Record<string, string | File | (string | File)[]>

export type CharacteristicsResult =
  | { ok: true; values: Map<number, string | null> }
  | {
      ok: false
      typed: { values: FormValues; many: Record<string, string[]>; errors: FieldErrors }
    }

const strings = (v: Body[string] | undefined): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(
    (x): x is string => typeof x === 'string'
  )

/**
 * Reads the characteristics form: a value per active field, checked by the field's kind. A
 * list value that is no longer an option is kept when it was stored before (the lead changed
 * the options; nothing entered is lost), refused when it is new (a forged post).
 */
export function studyCharacteristics(
  fields: StudyField[],
  body: Body,
  stored: Map<number, string> = new Map()
): CharacteristicsResult {
  const values = new Map<number, string | null>()
  const typed = {
    values: {} as FormValues,
    many: {} as Record<string, string[]>,
    errors: {} as FieldErrors,
  }
  for (const f of fields) {
    const name = `field_${f.id}`
    const given = strings(body[name])
    const allowed = (v: string) => f.options.includes(v) || (stored.get(f.id) ?? '').includes(v)
    if (f.kind === 'many_of') {
      const chosen = [...new Set(given.map((v) => v.trim()).filter(Boolean))]
      typed.many[name] = chosen
      if (chosen.some((v) => !allowed(v)))
        typed.errors[name] = `Choose from the listed ${f.label.toLowerCase()} options.`
      values.set(f.id, chosen.length ? JSON.stringify(chosen) : null)
      continue
    }
    const value = (given[0] ?? '').trim()
    typed.values[name] = value
    if (value === '') {
      values.set(f.id, null)
      continue
    }
    if (value.length > 4000) typed.errors[name] = `${f.label}: at most 4000 characters.`
    else if (f.kind === 'number' && !/^-?\d+(\.\d+)?$/.test(value.replace(/[,\s]/g, ''))) {
      typed.errors[name] = `${f.label} must be a number, like 42.`
    } else if (f.kind === 'one_of' && !allowed(value)) {
      typed.errors[name] = `Choose one of the listed ${f.label.toLowerCase()} options.`
    }
    values.set(f.id, f.kind === 'number' ? value.replace(/[,\s]/g, '') : value)
  }
  return Object.keys(typed.errors).length ? { ok: false, typed } : { ok: true, values }
}
