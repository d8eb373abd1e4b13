import {
  ASPECTS,
  COMB,
  FINDING_KINDS,
  keysOf,
  type Aspect,
  type ComB,
  type Direction,
  type FindingKind,
  type Level,
  type Stakeholder,
} from './extraction-codes.ts'
import { byText, shortRefs } from './synthesis-export.ts'
import { cleanText } from './svg-text.ts'

/**
 * The synthesis tables (SPEC §2.8): themes × COM-B split into barriers and enablers, and
 * toolkits × aspects. A cell counts DISTINCT studies, never rows: a study with three findings in
 * one cell counts once, and once in its row's and column's totals however many cells it fills.
 *
 * `studies` is the set of studies in the synthesis (the included ones): a finding of any other
 * record is left out, so a study excluded after extraction drops out without losing its rows.
 * The queries layer maps a merged theme to its target before calling; rows key on `themeId`.
 */

export { shortRef, shortRefs } from './synthesis-export.ts'

export interface StudyInfo {
  recordId: number
  firstAuthor: string | null
  year: number | null
  /** The values of the study's "Setting / sector" field (many-of). */
  settings: string[]
}
export interface FindingRow {
  id: number
  recordId: number
  kind: FindingKind
  comB: ComB
  level: Level
  stakeholder: Stakeholder
  themeId: number
  evidence: string
  page: string
  verified: boolean
}
export interface ThemeInfo {
  id: number
  name: string
  origin: 'deductive' | 'inductive'
}
export interface ToolkitRow {
  id: number
  recordId: number
  toolkit: string
  aspect: Aspect
  finding: string
  direction: Direction
  design: string
  verified: boolean
}
/** Empty or missing lists mean "all". Stakeholder and level do not apply to toolkit rows. */
export interface SynthesisFilter {
  stakeholders?: Stakeholder[]
  levels?: Level[]
  /** A study matches if any of its settings is selected. */
  settings?: string[]
  verifiedOnly?: boolean
}

/** The distinct studies of a cell and their short references, sorted. */
export interface Counted {
  studies: number
  refs: string[]
}
export interface CombCell extends Counted {
  findingIds: number[]
}
export interface CombRow {
  theme: ThemeInfo
  cells: Record<ComB, CombCell>
  /** Distinct studies anywhere in the row. */
  total: number
}
export interface CombPanel {
  kind: FindingKind
  rows: CombRow[]
  columnTotals: Record<ComB, number>
  total: number
}
export interface CombTable {
  /** Barriers then enablers, both always present. */
  panels: CombPanel[]
  /** Distinct studies with any finding that passed the filter. */
  total: number
  filter: SynthesisFilter
}

export interface ToolkitCell extends Counted {
  rowIds: number[]
  /** Per distinct study: its direction, or mixed when its rows in the cell disagree. */
  directions: Record<Direction, number>
}
export interface ToolkitTableRow {
  toolkit: string
  cells: Record<Aspect, ToolkitCell>
  total: number
}
export interface ToolkitTable {
  rows: ToolkitTableRow[]
  columnTotals: Record<Aspect, number>
  total: number
  filter: SynthesisFilter
}

const allows = <T>(list: readonly T[] | undefined, value: T) =>
  list === undefined || list.length === 0 || list.includes(value)

/** The rows of studies the filter keeps (setting is a study's; verified a row's). */
function keptRows<R extends { recordId: number; verified: boolean }>(
  rows: readonly R[],
  studies: readonly StudyInfo[],
  filter: SynthesisFilter
): R[] {
  const wanted = filter.settings ?? []
  const kept = new Set(
    studies
      .filter((s) => wanted.length === 0 || s.settings.some((v) => wanted.includes(v)))
      .map((s) => s.recordId)
  )
  return rows.filter((r) => kept.has(r.recordId) && (!filter.verifiedOnly || r.verified))
}

/** The distinct studies of one cell, each with the directions of its rows, and the row ids. */
class Tally {
  readonly records = new Map<number, Set<string>>()
  readonly ids: number[] = []
  add(recordId: number, rowId: number, tag = '') {
    this.records.set(recordId, (this.records.get(recordId) ?? new Set()).add(tag))
    this.ids.push(rowId)
  }
}

/** Rows × columns of tallies, plus the column and grand tallies; row keys in first-seen order. */
function crossTab<R extends { id: number; recordId: number }, K extends string>(
  rows: readonly R[],
  columns: readonly K[],
  rowOf: (r: R) => string | number,
  columnOf: (r: R) => K,
  tagOf: (r: R) => string = () => ''
) {
  const blank = () => Object.fromEntries(columns.map((k) => [k, new Tally()])) as Record<K, Tally>
  const byRow = new Map<string | number, Record<K, Tally>>()
  const totals = blank()
  const all = new Tally()
  for (const r of rows) {
    const cells = byRow.get(rowOf(r)) ?? blank()
    byRow.set(rowOf(r), cells)
    cells[columnOf(r)].add(r.recordId, r.id, tagOf(r))
    totals[columnOf(r)].add(r.recordId, r.id)
    all.add(r.recordId, r.id)
  }
  return { byRow, totals, all }
}

const mapValues = <K extends string, A, B>(o: Record<K, A>, f: (a: A) => B) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v as A)])) as Record<K, B>
const distinctIn = (cells: Record<string, Tally>) =>
  new Set(Object.values(cells).flatMap((t) => [...t.records.keys()])).size
const counted = (t: Tally, refs: Map<number, string>): Counted => ({
  studies: t.records.size,
  refs: [...t.records.keys()].map((id) => refs.get(id)!).sort(byText),
})
const ascending = (ids: number[]) => [...ids].sort((a, b) => a - b)
const inductiveLast = (t: ThemeInfo) => Number(t.origin === 'inductive')

export function combTable(
  findings: readonly FindingRow[],
  studies: readonly StudyInfo[],
  themes: readonly ThemeInfo[],
  filter: SynthesisFilter = {}
): CombTable {
  const refs = shortRefs(studies)
  const themeOf = new Map(themes.map((t) => [t.id, t]))
  const rows = keptRows(findings, studies, filter).filter(
    (f) => allows(filter.stakeholders, f.stakeholder) && allows(filter.levels, f.level)
  )
  const missing = rows.find((f) => !themeOf.has(f.themeId))
  if (missing) throw new Error(`finding ${missing.id} has no theme ${missing.themeId}`)
  const panels = keysOf(FINDING_KINDS).map((kind): CombPanel => {
    const ofKind = rows.filter((r) => r.kind === kind)
    const tab = crossTab(
      ofKind,
      keysOf(COMB),
      (f) => f.themeId,
      (f) => f.comB
    )
    const themeRows = [...tab.byRow].map(([id, cells]) => ({
      theme: themeOf.get(id as number)!,
      cells: mapValues(cells, (t) => ({ ...counted(t, refs), findingIds: ascending(t.ids) })),
      total: distinctIn(cells),
    }))
    // Deductive (the protocol's) themes first, then inductive, each alphabetical: the order
    // stays put when a filter changes the counts, so two filtered tables read side by side.
    themeRows.sort(
      ({ theme: a }, { theme: b }) =>
        inductiveLast(a) - inductiveLast(b) || byText(a.name, b.name) || a.id - b.id
    )
    const columnTotals = mapValues(tab.totals, (t) => t.records.size)
    return { kind, rows: themeRows, columnTotals, total: tab.all.records.size }
  })
  return { panels, total: new Set(rows.map((r) => r.recordId)).size, filter }
}

/** Spellings of one toolkit that differ only in case or spacing are one row. */
const toolkitKey = (name: string) => cleanText(name.normalize('NFC')).toLocaleLowerCase('en-GB')

/** Stakeholder and level filters do not apply: toolkit rows have neither. */
export function toolkitTable(
  rows: readonly ToolkitRow[],
  studies: readonly StudyInfo[],
  filter: SynthesisFilter = {}
): ToolkitTable {
  const refs = shortRefs(studies)
  // By id, so a toolkit row reads as its earliest spelling.
  const kept = keptRows(rows, studies, filter).sort((a, b) => a.id - b.id)
  const names = new Map<string, string>()
  for (const r of kept)
    if (!names.has(toolkitKey(r.toolkit))) names.set(toolkitKey(r.toolkit), r.toolkit)
  const tab = crossTab(
    kept,
    keysOf(ASPECTS),
    (r) => toolkitKey(r.toolkit),
    (r) => r.aspect,
    (r) => r.direction
  )
  const tableRows = [...tab.byRow].map(([key, cells]) => ({
    toolkit: cleanText(names.get(key as string)!) || '(unnamed)',
    cells: mapValues(cells, (t) => {
      const directions: Record<Direction, number> = { positive: 0, negative: 0, mixed: 0 }
      // A study whose rows in one cell disagree counts once, as mixed.
      for (const d of t.records.values())
        directions[d.size === 1 ? ([...d][0] as Direction) : 'mixed']++
      return { ...counted(t, refs), rowIds: ascending(t.ids), directions }
    }),
    total: distinctIn(cells),
  }))
  tableRows.sort((a, b) => byText(a.toolkit, b.toolkit))
  const columnTotals = mapValues(tab.totals, (t) => t.records.size)
  return { rows: tableRows, columnTotals, total: tab.all.records.size, filter }
}
