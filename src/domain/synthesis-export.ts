import {
  ASPECTS,
  COMB,
  DIRECTIONS,
  FINDING_KINDS,
  LEVELS,
  STAKEHOLDERS,
  keysOf,
} from './extraction-codes.ts'
import type {
  CombPanel,
  CombTable,
  Counted,
  StudyInfo,
  SynthesisFilter,
  ToolkitCell,
  ToolkitTable,
} from './synthesis.ts'
import { cleanText } from './svg-text.ts'

/**
 * How the synthesis reads outside the app (SPEC §2.8, §2.10): short references (first author,
 * year), the filter in words, and the CSV and Markdown exports. CSV cells are plain text: the
 * caller's CSV writer neutralises formulas.
 */

const collator = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' })
/** Alphabetical as people read it; code points break ties so the order never depends on input. */
export const byText = (a: string, b: string) =>
  collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0)

/** Initials after a surname, as PubMed writes them: "Smith J", "van der Berg JA". */
const TRAILING = /^(?:\p{Lu}\.?-?){1,3}$/u
/** Initials before a surname: "J Smith", "J.A. Smith" (not "NHS England", an organisation). */
const LEADING = /^(?:\p{Lu}\.-?)+$|^\p{Lu}$/u

function surname(author: string | null): string {
  const name = cleanText((author ?? '').normalize('NFC'))
    .replace(/,?\s+et al\.?$/i, '')
    .trim()
  // RIS writes "Surname, Given"; anything before the first comma is the surname.
  if (name.includes(',')) return name.slice(0, name.indexOf(',')).trim() || 'Anon.'
  const words = name.split(' ').filter(Boolean)
  if (words.length === 0) return 'Anon.'
  if (words.length > 1 && TRAILING.test(words.at(-1)!)) return words.slice(0, -1).join(' ')
  const given = words.findIndex((w) => !LEADING.test(w))
  // "John Smith" or "Local Government Association": no sure way to find a surname, so all of it.
  return given > 0 ? words.slice(given).join(' ') : name
}

/** "Smith 2021" from the first author's surname and the year; "Anon." and "n.d." when missing. */
export function shortRef(study: Pick<StudyInfo, 'firstAuthor' | 'year'>): string {
  return `${surname(study.firstAuthor)} ${study.year === null ? 'n.d.' : String(study.year)}`
}

/** a … z, aa, ab …: bijective base 26. */
function letters(i: number): string {
  let s = ''
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    s = String.fromCharCode(97 + ((n - 1) % 26)) + s
  }
  return s
}

/**
 * Every study's short reference; different studies with the same one get a, b … by record id
 * ("Smith 2021a", APA's "Anon. n.d.-a"). Letters come from all of `studies`, not the filtered
 * ones, so a filter never renames a study.
 */
export function shortRefs(studies: readonly StudyInfo[]): Map<number, string> {
  const groups = new Map<string, number[]>()
  for (const s of [...studies].sort((a, b) => a.recordId - b.recordId)) {
    const ref = shortRef(s)
    const ids = groups.get(ref) ?? []
    if (!ids.includes(s.recordId)) ids.push(s.recordId)
    groups.set(ref, ids)
  }
  const refs = new Map<number, string>()
  for (const [ref, ids] of groups) {
    ids.forEach((id, i) => {
      const suffix = ids.length === 1 ? '' : ref.endsWith('n.d.') ? `-${letters(i)}` : letters(i)
      refs.set(id, ref + suffix)
    })
  }
  return refs
}

/** The filter in words, for a report's reader; undefined when nothing is filtered. */
export function describeFilter(filter: SynthesisFilter): string | undefined {
  const picked = <K extends string>(labels: Record<K, string>, chosen: readonly K[] = []) =>
    keysOf(labels)
      .filter((k) => chosen.includes(k))
      .map((k) => labels[k])
  const parts: string[] = []
  const add = (name: string, values: string[]) => {
    if (values.length > 0) parts.push(`${name}: ${values.join(', ')}`)
  }
  add('stakeholder', picked(STAKEHOLDERS, filter.stakeholders))
  add('level', picked(LEVELS, filter.levels))
  add('setting', [...new Set(filter.settings ?? [])].map(cleanText).sort(byText))
  if (filter.verifiedOnly) parts.push('verified rows only')
  return parts.length === 0 ? undefined : `Filtered to ${parts.join('; ')}.`
}

const studiesN = (n: number) => `n = ${n} ${n === 1 ? 'study' : 'studies'}`
const refList = (c: Counted) => c.refs.join('; ')
const themeLabel = (row: CombPanel['rows'][number]) =>
  row.theme.origin === 'inductive' ? `${row.theme.name} (inductive)` : row.theme.name

/** One row per non-empty cell: kind, theme, its origin, COM-B component, studies, references. */
export function synthesisCsv(table: CombTable): string[][] {
  const out = [['Kind', 'Theme', 'Theme origin', 'COM-B component', 'Studies', 'References']]
  for (const panel of table.panels) {
    for (const row of panel.rows) {
      for (const comB of keysOf(COMB)) {
        const cell = row.cells[comB]
        if (cell.studies === 0) continue
        const kind = FINDING_KINDS[panel.kind]
        out.push([
          kind,
          cleanText(row.theme.name),
          row.theme.origin,
          COMB[comB],
          String(cell.studies),
          refList(cell),
        ])
      }
    }
  }
  return out
}

const directionCounts = (cell: ToolkitCell) =>
  keysOf(DIRECTIONS).map((d) => String(cell.directions[d]))

/** One row per non-empty cell: toolkit, aspect, studies, positive, negative, mixed, references. */
export function toolkitCsv(table: ToolkitTable): string[][] {
  const head = ['Toolkit', 'Aspect', 'Studies', ...Object.values(DIRECTIONS), 'References']
  const out = [head]
  for (const row of table.rows) {
    for (const aspect of keysOf(ASPECTS)) {
      const cell = row.cells[aspect]
      if (cell.studies === 0) continue
      out.push([
        row.toolkit,
        ASPECTS[aspect],
        String(cell.studies),
        ...directionCounts(cell),
        refList(cell),
      ])
    }
  }
  return out
}

/**
 * Text safe inside a Markdown table cell: one line, `|` and backslashes escaped, and the
 * characters that would start emphasis, a link, code or HTML shown as themselves.
 */
export function markdownText(text: string): string {
  return cleanText(text)
    .replace(/[\\`*_[\]<>|~]/g, (ch) => `\\${ch}`)
    .replace(/&(?=#?\w+;)/g, '\\&')
}

function markdownTable(head: string[], rows: string[][]): string[] {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`
  return [line(head), line(head.map(() => '---')), ...rows.map(line)]
}

const combCell = (c: Counted) =>
  c.studies === 0 ? '' : `${c.studies} (${markdownText(refList(c))})`

function panelMarkdown(panel: CombPanel): string[] {
  const title = `### ${FINDING_KINDS[panel.kind]}s (${studiesN(panel.total)})`
  if (panel.rows.length === 0) return [title, '', 'No findings.']
  const columns = keysOf(COMB)
  const rows = panel.rows.map((row) => [
    markdownText(themeLabel(row)),
    ...columns.map((k) => combCell(row.cells[k])),
    String(row.total),
  ])
  const totals = columns.map((k) => String(panel.columnTotals[k]))
  rows.push(['**All themes**', ...totals, `**${panel.total}**`])
  return [title, '', ...markdownTable(['Theme', ...columns.map((k) => COMB[k]), 'Total'], rows)]
}

function toolkitCell(c: ToolkitCell): string {
  if (c.studies === 0) return ''
  const directions = keysOf(DIRECTIONS)
    .filter((d) => c.directions[d] > 0)
    .map((d) => `${c.directions[d]} ${d}`)
  return `${c.studies}: ${directions.join(', ')} (${markdownText(refList(c))})`
}

function toolkitMarkdown(table: ToolkitTable): string[] {
  const title = `### Toolkits and guides (${studiesN(table.total)})`
  if (table.rows.length === 0) return [title, '', 'No toolkit or guide findings.']
  const aspects = keysOf(ASPECTS)
  const rows = table.rows.map((row) => [
    markdownText(row.toolkit),
    ...aspects.map((a) => toolkitCell(row.cells[a])),
    String(row.total),
  ])
  rows.push([
    '**All toolkits**',
    ...aspects.map((a) => String(table.columnTotals[a])),
    `**${table.total}**`,
  ])
  // Stakeholder and level do not apply to toolkit rows, so only setting and verified show.
  const { settings, verifiedOnly } = table.filter
  const filter = describeFilter({ settings, verifiedOnly })
  return [
    title,
    '',
    ...(filter === undefined ? [] : [`_${markdownText(filter)}_`, '']),
    'Each cell: studies, how many found the aspect positive, negative or mixed, and which.',
    '',
    ...markdownTable(['Toolkit or guide', ...aspects.map((a) => ASPECTS[a]), 'Total'], rows),
  ]
}

/** The synthesis as a section of a report: a table per kind, then the toolkit table. */
export function synthesisMarkdown(table: CombTable, toolkits: ToolkitTable): string {
  const filter = describeFilter(table.filter)
  const lines = ['## Synthesis', '']
  if (filter !== undefined) lines.push(`_${markdownText(filter)}_`, '')
  lines.push(
    `Barriers and enablers by theme and COM-B component (${studiesN(table.total)}). Each cell: the number of distinct studies, then their short references.`,
    ''
  )
  for (const panel of table.panels) lines.push(...panelMarkdown(panel), '')
  lines.push(...toolkitMarkdown(toolkits), '')
  return lines.join('\n')
}
