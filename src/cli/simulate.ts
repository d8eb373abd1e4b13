import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { parse } from 'csv-parse/sync'
import { simulate, type LabelledDoc, type Summary } from '../domain/simulate.ts'
import { CliError, usageError, type CliIo } from './io.ts'

export const SIMULATE_USAGE =
  'simulate --csv FILE [--label COLUMN] [--seed N] [--runs N] [--batch N] [--drop-empty] [--drop-duplicates]'

export interface DatasetOptions {
  /** Label column; default `label_included`, else `label`. */
  label?: string
  /** Drop records without an abstract. */
  dropEmpty?: boolean
  /** Drop records whose title and abstract (case, accents and punctuation ignored) repeat an earlier one's. */
  dropDuplicates?: boolean
}

export interface Dataset {
  docs: LabelledDoc[]
  label: string
  dropped: { empty: number; duplicates: number }
}

/**
 * An ASReview-format dataset (CSV with a header: title, abstract, optional keywords, and a 0/1
 * label column). Ids are the data rows' numbers, 1-based. Problems are the user's: CliError 2.
 */
export function readDataset(text: string, options: DatasetOptions = {}): Dataset {
  let rows: Record<string, string>[]
  try {
    rows = parse(text, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), bom: true, skip_empty_lines: true, relax_column_count: true }) // prettier-ignore
  } catch (e) {
    throw new CliError(`not a readable CSV file: ${e instanceof Error ? e.message : e}`, 2)
  }
  const columns = new Set(rows.length > 0 ? Object.keys(rows[0]!) : [])
  const label =
    options.label?.toLowerCase() ?? (columns.has('label_included') ? 'label_included' : 'label')
  const missing = ['title', label].filter((c) => !columns.has(c))
  if (rows.length === 0) throw new CliError('the CSV file has no records', 2)
  if (missing.length > 0) {
    const found = [...columns].join(', ')
    throw new CliError(`the CSV file has no ${missing.join(' or ')} column (found: ${found})`, 2)
  }
  const docs: LabelledDoc[] = []
  const seen = new Set<string>()
  const dropped = { empty: 0, duplicates: 0 }
  for (const [i, row] of rows.entries()) {
    const value = (row[label] ?? '').trim()
    if (value !== '0' && value !== '1') {
      throw new CliError(`record ${i + 1}: ${label} is "${value}", not 0 or 1`, 2)
    }
    const title = row.title ?? ''
    const abstract = row.abstract ?? ''
    if (options.dropEmpty && abstract.trim() === '') {
      dropped.empty++
      continue
    }
    if (options.dropDuplicates) {
      const key = `${duplicateKey(title)}|${duplicateKey(abstract)}`
      if (seen.has(key)) {
        dropped.duplicates++
        continue
      }
      seen.add(key)
    }
    const text = [title, abstract, row.keywords ?? ''].filter((s) => s.trim()).join(' ')
    docs.push({ id: i + 1, text, label: value === '1' ? 1 : 0 })
  }
  return { docs, label, dropped }
}

// ASCII letters and digits only: copies of one record differ in quotes, dashes and mojibake
// (Nudging's records 276 and 277: "Sepsis Six" against â€œSepsis Sixâ€\u009d); this key gives
// the 1 847 records of the published reference.
const duplicateKey = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '')

function integerOption(value: string | undefined, name: string, fallback: number, min: number) {
  if (value === undefined) return fallback
  const n = Number(value)
  if (value.trim() === '' || !Number.isSafeInteger(n) || n < min)
    throw usageError(`--${name} must be a whole number ≥ ${min}, not "${value}"`)
  return n
}

const round = (x: number) => Math.round(x * 10_000) / 10_000

function metrics(summary: Summary['mean']) {
  return {
    wss95: round(summary.wss95),
    wss100: round(summary.wss100),
    recall_at_10pct: round(summary.recallAt10pct),
    recall_at_20pct: round(summary.recallAt20pct),
    screened_for_95pct: round(summary.screenedFor95pct),
  }
}

/**
 * `winnow simulate --csv FILE ...`: replays a labelled dataset in Winnow's order (see
 * `src/domain/simulate.ts`) and prints one JSON object: the means over the runs, the same for
 * a random order, and their standard deviations.
 */
export async function simulateCommand(args: string[], io: CliIo): Promise<void> {
  let values
  try {
    ;({ values } = parseArgs({
      args,
      options: {
        csv: { type: 'string' },
        label: { type: 'string' },
        seed: { type: 'string' },
        runs: { type: 'string' },
        batch: { type: 'string' },
        'drop-empty': { type: 'boolean', default: false },
        'drop-duplicates': { type: 'boolean', default: false },
      },
    }))
  } catch (e) {
    throw usageError(
      `simulate: ${e instanceof Error ? e.message : e}\nUsage: winnow ${SIMULATE_USAGE}`
    )
  }
  if (values.csv === undefined || values.csv.trim() === '') throw usageError('simulate: --csv FILE is required') // prettier-ignore
  if (values.label !== undefined && values.label.trim() === '') throw usageError('--label needs a column name') // prettier-ignore
  const seed = integerOption(values.seed, 'seed', 1, 0)
  const runs = integerOption(values.runs, 'runs', 1, 1)
  const batch = integerOption(values.batch, 'batch', 1, 1)
  let text: string
  try {
    text = readFileSync(values.csv, 'utf8')
  } catch (e) {
    const code = e && typeof e === 'object' && 'code' in e ? String(e.code) : ''
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : String(e) // prettier-ignore
    throw new CliError(`${values.csv}: ${why}`, 2)
  }
  const data = readDataset(text, {
    label: values.label,
    dropEmpty: values['drop-empty'],
    dropDuplicates: values['drop-duplicates'],
  })
  const relevant = data.docs.filter((d) => d.label === 1).length
  if (relevant === 0 || relevant === data.docs.length)
    throw new CliError(`${values.csv}: a simulation needs at least one include and one exclude (${data.label})`, 2) // prettier-ignore
  const started = performance.now()
  const result = simulate(data.docs, { seed, runs, batch })
  const seconds = (performance.now() - started) / 1000
  const out = {
    records: result.records,
    relevant: result.relevant,
    ...metrics(result.model.mean),
    runs,
    seed,
    batch,
    label: data.label,
    dropped: data.dropped,
    random: metrics(result.random.mean),
    sd: { model: metrics(result.model.sd), random: metrics(result.random.sd) },
  }
  io.out(`${JSON.stringify(out, null, 2)}\n`)
  io.err(`simulated ${runs} run(s) on ${result.records} records (${relevant} relevant) in ${seconds.toFixed(1)} s\n`) // prettier-ignore
}
