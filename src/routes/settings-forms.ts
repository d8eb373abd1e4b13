import { z } from 'zod'

/**
 * The settings forms, validated at the edge. Row lists post indexed fields (`name_0`,
 * `text_0`, `id_0`, …); a row's mistake is reported on that row's field (`name_3`), which is
 * also the id of the input that shows it.
 */

const MAX_ROWS = 100
export const MAX_TERMS = 200
export const MAX_TERM_LENGTH = 100

const rowId = z
  .string()
  .regex(/^\d{0,12}$/, 'This row does not belong to this project; reload the page.')
  .optional()
  .transform((v) => (v ? Number(v) : undefined))

const text = (max: number, message: string) => z.string().trim().max(max, message).default('')

/** Groups the indexed fields into rows in index order; a row that comes out null is dropped. */
function rows<T extends object>(fields: readonly string[], row: z.ZodType<T | null>, noun: string) {
  const pattern = new RegExp(`^(${fields.join('|')})_(\\d{1,4})$`)
  return z.record(z.string(), z.unknown()).transform((body, ctx) => {
    const raw = new Map<number, Record<string, unknown>>()
    for (const [key, value] of Object.entries(body)) {
      const m = pattern.exec(key)
      if (!m) continue
      const index = Number(m[2])
      raw.set(index, { ...raw.get(index), [m[1]!]: value })
    }
    const out: (T & { index: number })[] = []
    for (const index of [...raw.keys()].sort((a, b) => a - b)) {
      const parsed = row.safeParse(raw.get(index))
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const field = String(issue.path[0] ?? fields[0])
          ctx.addIssue({ code: 'custom', message: issue.message, path: [`${field}_${index}`] })
        }
      } else if (parsed.data !== null) out.push({ ...parsed.data, index })
    }
    if (out.length > MAX_ROWS) {
      ctx.addIssue({ code: 'custom', message: `At most ${MAX_ROWS} ${noun}.`, path: ['_form'] })
    }
    return out
  })
}

export const CriteriaForm = rows(
  ['id', 'name', 'text'],
  z
    .object({
      id: rowId,
      name: text(200, 'A name is at most 200 characters.'),
      text: text(4000, 'The text is at most 4000 characters.'),
    })
    .refine((r) => r.name !== '' || r.text === '', {
      path: ['name'],
      message: 'Name this criterion, or clear its text to remove it.',
    })
    .transform((r) => (r.name === '' && r.text === '' ? null : r)),
  'criteria'
)

export const ReasonsForm = rows(
  ['id', 'label', 'retired'],
  z
    .object({
      id: rowId,
      label: text(200, 'A reason is at most 200 characters.'),
      retired: z
        .string()
        .optional()
        .transform((v) => v !== undefined),
    })
    .refine((r) => r.id === undefined || r.label !== '', {
      path: ['label'],
      message: 'A reason cannot be removed, only retired: give it a label and tick “Retired”.',
    })
    .transform((r) => (r.id === undefined && r.label === '' ? null : r)),
  'reasons'
).superRefine((reasons, ctx) => {
  const seen = new Set<string>()
  for (const r of reasons) {
    const key = r.label.toLowerCase()
    if (seen.has(key)) {
      ctx.addIssue({
        code: 'custom',
        message: `“${r.label}” is already a reason (perhaps a retired one).`,
        path: [`label_${r.index}`],
      })
    }
    seen.add(key)
  }
})

/** One term per line or comma-separated; trimmed, blanks dropped, the first spelling of each kept. */
export function parseTerms(input: string): string[] {
  const seen = new Set<string>()
  const terms: string[] = []
  for (const part of input.split(/[\n,]/)) {
    const term = part.trim().replace(/\s+/g, ' ')
    const key = term.toLowerCase()
    if (term === '' || seen.has(key)) continue
    seen.add(key)
    terms.push(term)
  }
  return terms
}

const terms = (label: string) =>
  z
    .string()
    .default('')
    .transform((input, ctx) => {
      const list = parseTerms(input)
      const fail = (message: string) => ctx.addIssue({ code: 'custom', message })
      if (list.length > MAX_TERMS)
        fail(`${label}: at most ${MAX_TERMS} terms (there are ${list.length}).`)
      const long = list.find((t) => t.length > MAX_TERM_LENGTH)
      if (long) fail(`“${long.slice(0, 40)}…” is longer than ${MAX_TERM_LENGTH} characters.`)
      const empty = list.find((t) => !/[\p{L}\p{N}]/u.test(t))
      if (empty) fail(`“${empty}” has no letters or digits, so it would match nothing.`)
      const star = list.find((t) => /\*[^*]/.test(t))
      if (star) fail(`“${star}”: a * works only at the end of a term, as in child*.`)
      return list
    })

export const TermsForm = z.object({
  include: terms('Include terms'),
  exclude: terms('Exclude terms'),
})

const PERCENT = 'Enter a whole number from 1 to 100.'
const KAPPA = 'Enter a number from 0 to 1, such as 0.6.'

export const ModeForm = z.object({
  screeningMode: z.enum(['dual', 'rapid'], { error: 'Choose dual or rapid screening.' }),
  calibrationPercent: z
    .string({ error: PERCENT })
    .trim()
    .regex(/^\d{1,3}$/, PERCENT)
    .transform(Number)
    .pipe(z.number().min(1, PERCENT).max(100, PERCENT)),
  kappaThreshold: z
    .string({ error: KAPPA })
    .trim()
    .regex(/^\d*\.?\d+$/, KAPPA)
    .transform(Number)
    .pipe(z.number().min(0, KAPPA).max(1, KAPPA)),
  fullTextMode: z.enum(['single', 'dual'], { error: 'Choose single or dual full-text screening.' }),
})

export const RankingForm = z.object({
  ranking: z
    .enum(['on', 'off'], { error: 'Choose likely relevant first or random order.' })
    .transform((v) => v === 'on'),
})

export const NOT_A_REVIEWER =
  'Only reviewers of this project can be named (leads always may resolve). Reload the page and try again.'

export const ResolversForm = z.object({
  resolver: z
    .union([z.string(), z.array(z.string())], { error: NOT_A_REVIEWER })
    .optional()
    .transform((v) => (v === undefined ? [] : [v].flat()))
    .pipe(
      z.array(
        z
          .string()
          .regex(/^\d{1,12}$/, NOT_A_REVIEWER)
          .transform(Number)
      )
    ),
})

/** A row's ↑/↓ button: `up:3` moves the row posted as index 3. */
export function parseMove(value: string | undefined) {
  const m = /^(up|down):(\d{1,4})$/.exec(value ?? '')
  return m ? { index: Number(m[2]), by: m[1] === 'up' ? -1 : 1 } : undefined
}
