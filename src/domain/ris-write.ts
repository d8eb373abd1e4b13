// Winnow's RIS writer: records out as RIS that EndNote, Zotero, Mendeley and Winnow's own reader
// import with the same fields. Pure: records in, text out.
//
// One record: `TY`, `ID  - winnow:<record id>`, the normalised fields in standard tags (TI, AU…,
// PY, T2 or JF, AB, DO, KW…, DB), then the other raw tags in file order, then `ER  - `. CRLF line
// ends (what RIS tools expect), a blank line between records.
//
// Why the fields survive a round trip: each one is written in the tag Winnow's reader tries first
// for it (SPEC §2.1), before any raw tag, so a raw tag kept further down the same chain can never
// win on re-import; raw values that only repeat a written value are left out.
import {
  collapse,
  findDoi,
  findYear,
  isCopyrightNotice,
  normaliseRis,
  type NormalisedFields,
} from './normalise.ts'

export interface RisSource extends NormalisedFields {
  id: number
  /** The record's raw tags: RIS, or MEDLINE (.nbib) for records imported from PubMed. */
  raw: readonly (readonly [string, string])[]
}

const EOL = '\r\n'

/** The `ID` value that matches an exported record back to Winnow's record: `winnow:123`. The
 * source databases' own accession numbers stay in `AN`, where reference managers keep them. */
export const risId = (id: number) => `winnow:${id}`

type Repeats = (value: string, r: RisSource) => boolean

const always: Repeats = () => true
const title: Repeats = (v, r) => collapse(v) === r.title
const abstract: Repeats = (v, r) => isCopyrightNotice(v) || collapse(v) === r.abstract
const author: Repeats = (v, r) => r.authors.includes(v)
const journal: Repeats = (v, r) => collapse(v) === r.journal
const database: Repeats = (v, r) => v === r.database

/**
 * Raw tags left out because the normalised block already says the same. TY and ID are written
 * once; an EBSCO copyright notice is not an abstract (SPEC §2.1) and would become one in a
 * reference manager. Year and DOI drop only their own tag: dates (Y1, DA), links (UR, L3) and
 * notes (N1, M3) carry more than the year or DOI found in them.
 */
const REPEATS: Record<string, Repeats> = {
  TY: always,
  ID: always,
  ER: always,
  ...Object.fromEntries(['TI', 'T1', 'CT', 'BT', 'ST'].map((t) => [t, title])),
  AB: abstract,
  N2: abstract,
  AU: author,
  A1: author,
  PY: (v, r) => r.year !== null && findYear(v) === r.year,
  // For CHAP or BOOK, T2 is the book or series, kept even when it reads like the journal.
  T2: (v, r) => journalTag(r.type ?? 'JOUR') === 'T2' && journal(v, r),
  ...Object.fromEntries(['JF', 'JO', 'JA', 'J2'].map((t) => [t, journal])),
  DO: (v, r) => r.doi !== null && findDoi(v) === r.doi,
  KW: (v, r) => r.keywords.includes(v),
  DB: database,
  DP: database,
}

/** MEDLINE tags worth keeping, as their RIS equivalents; the rest (PMID-level bookkeeping, MeSH
 * and author lists already written as KW and AU) is left out. MEDLINE's DP is a date and its IS
 * an ISSN, so raw MEDLINE tags are never written as they are. */
const FROM_MEDLINE: Record<string, string> = {
  PMID: 'AN',
  VI: 'VL',
  IP: 'IS',
  PG: 'SP',
  IS: 'SN',
  LA: 'LA',
  AD: 'AD',
  TA: 'J2',
  DP: 'DA',
  PL: 'CY',
  PB: 'PB',
}

const RIS_TAG = /^[A-Z][A-Z0-9]$/

// Every character some RIS reader ends a line at (CR, LF, and what Python's splitlines() also
// splits on: VT, FF, FS, GS, RS, NEL, LS, PS), with the spaces around it: written as one space.
const BREAKS = /\s*[\n\v\f\r\x1c-\x1e\x85\u2028\u2029]+\s*/g

// The RIS reader only makes two-character tags; MEDLINE records start with PMID and have FAU, JT…
const isMedline = (raw: RisSource['raw']) => raw.some(([tag]) => tag.length !== 2)

const journalTags = new Map<string, 'T2' | 'JF'>()

/** T2 is the journal only for serial types (for CHAP it is the book): asks the reader which tag it
 * reads the journal from for this type, so the two never disagree. */
function journalTag(type: string): 'T2' | 'JF' {
  let tag = journalTags.get(type)
  if (!tag) {
    const probe = normaliseRis([
      ['TY', type],
      ['T2', 'x'],
    ])
    tag = probe.journal === 'x' ? 'T2' : 'JF'
    // Types are a handful of codes; a file of made-up ones must not grow the cache for ever.
    if (journalTags.size < 1000) journalTags.set(type, tag)
  }
  return tag
}

/** A DOI the reader would decode again (`%41` → `A`) is written with its `%` escaped. */
function doiValue(doi: string): string {
  return findDoi(doi) === doi ? doi : doi.replaceAll('%', '%25')
}

/** One record as RIS text, ending with `ER  - ` and its line break. */
export function risRecord(r: RisSource): string {
  const type = r.type ?? 'JOUR'
  const lines: string[] = []
  const put = (tag: string, value: string | number | null) => {
    if (value === null) return
    // One value, one line: a line break inside a value would end it, or start a new tag.
    const text = String(value).replace(BREAKS, ' ').trim()
    if (text !== '') lines.push(`${tag}  - ${text}`)
  }
  put('TY', type)
  put('ID', risId(r.id))
  put('TI', r.title)
  for (const a of r.authors) put('AU', a)
  put('PY', r.year)
  put(journalTag(type), r.journal)
  put('AB', r.abstract)
  put('DO', r.doi === null ? null : doiValue(r.doi))
  for (const k of r.keywords) put('KW', k)
  put('DB', r.database)
  const medline = isMedline(r.raw)
  for (const [rawTag, value] of r.raw) {
    const tag = medline ? FROM_MEDLINE[rawTag] : rawTag
    if (tag === undefined || !RIS_TAG.test(tag)) continue
    if (REPEATS[tag]?.(value, r)) continue
    put(tag, value)
  }
  lines.push('ER  - ')
  return lines.join(EOL) + EOL
}

/** Records as one RIS file: a blank line between records. */
export function risFile(records: readonly RisSource[]): string {
  return records.map(risRecord).join(EOL)
}

/** The same file as text chunks, one per chunk of records, for a streamed download. */
export async function* risChunks(
  chunks: AsyncIterable<readonly RisSource[]>
): AsyncGenerator<string> {
  let first = true
  for await (const records of chunks) {
    if (records.length === 0) continue
    yield (first ? '' : EOL) + risFile(records)
    first = false
  }
}
