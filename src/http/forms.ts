import type { Context } from 'hono'
import { z } from 'zod'
import { AppError } from '../errors.ts'

export type FieldErrors = Partial<Record<string, string>>
export type FormValues = Record<string, string>

export type FormResult<T> =
  { ok: true; data: T; values: FormValues } | { ok: false; errors: FieldErrors; values: FormValues }

/**
 * Validates a urlencoded or multipart form with zod. A user's mistake is a value: the
 * caller re-renders the form with the errors (422). Only string fields are returned as values.
 */
export async function readForm<S extends z.ZodType>(
  c: Context,
  schema: S
): Promise<FormResult<z.infer<S>>> {
  let body: Record<string, string | File | (string | File)[]>
  try {
    body = await c.req.parseBody({ all: true })
  } catch {
    throw new AppError(400, 'The form could not be read.')
  }
  const values: FormValues = {}
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') values[k] = v
  const parsed = schema.safeParse(body)
  if (parsed.success) return { ok: true, data: parsed.data, values }
  const errors: FieldErrors = {}
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? '_form')
    errors[key] ??= issue.message
  }
  return { ok: false, errors, values }
}

/** A trimmed, required text field with a readable message. */
export const requiredText = (label: string, max = 500) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, `${label} is required.`)
    .max(max, `${label} is at most ${max} characters.`)

export const emailField = z
  .string({ error: 'Email is required.' })
  .trim()
  .toLowerCase()
  .pipe(z.email('Enter an email address like name@example.org.'))

/** A `?page=` number from the address: anything but a whole number from 1 up is page 1. */
export const pageNumber = (value: string | undefined): number =>
  z.coerce
    .number()
    .int()
    .positive()
    .catch(1)
    .parse(value ?? 1)
