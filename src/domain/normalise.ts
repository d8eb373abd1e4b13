// RIS tags → the normalised fields of SPEC §2.1. First non-empty source wins; the raw tags stay
// on the record, so any of these rules can be re-run later.

export interface NormalisedFields {
  type: string | null
  title: string | null
  abstract: string | null
  authors: string[]
  year: number | null
  journal: string | null
  doi: string | null
  keywords: string[]
  database: string | null
}

// T2 is the journal only for serials; for CHAP/BOOK/CONF it is the book, series or conference.
// A record without TY (an implicit record) is most likely a journal article, like most records.
const JOURNAL_TYPES = new Set(['JOUR', 'JFULL', 'EJOUR', 'MGZN', 'NEWS', 'ABST', 'INPR'])

// Two simple scans beat one alternation (`\s{2,}|[^\S ]`) by half: this runs over every abstract.
const ODD_SPACE = /[^\S ]/
const SPACES = /\s+/g

/** Collapses runs of whitespace (tabs, newlines, NBSP...) to one space and trims. */
export function collapse(text: string): string {
  return ODD_SPACE.test(text) || text.includes('  ')
    ? text.replace(SPACES, ' ').trim()
    : text.trim()
}

/** EBSCO appends the journal's copyright notice as a second AB; it is never the abstract. */
export function isCopyrightNotice(text: string): boolean {
  return /^copyright of /i.test(text) && text.includes(' is the property of ')
}

// A year stands alone (`2019//`, `2011 Jun`), or starts a compact YYYYMMDD date (MEDLINE DEP).
const YEAR = /(?<!\d)([12]\d{3})(?:(?!\d)|(?=(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?!\d)))/

/** The first plausible 4-digit year (1000–2999) in a date value such as `2019//`, `2024/04/03/`,
 * `2011 Jun` or `20190301`; WoS `DA  - SEP 22` has none. */
export function findYear(text: string): number | null {
  const m = YEAR.exec(text)
  return m ? Number(m[1]) : null
}

const DOI = /(?<!\d)10\.\d{4,9}\/[^\s"]+/
const URL_PARAM = /&[A-Za-z_][\w.-]*=/
const PERCENT_RUN = /(?:%[0-9A-Fa-f]{2})+/g

/** A bare lower-case DOI found anywhere in `text` (a bare DOI, a doi.org link, `doi:` text, a
 * Scopus/Ovid URL with the DOI URL-encoded as a query parameter, an N1 note), or null. */
export function findDoi(text: string): string | null {
  if (text.indexOf('10.') < 0 && text.indexOf('%') < 0) return null
  const decoded = text.indexOf('%') < 0 ? text : text.replace(PERCENT_RUN, decodePercent)
  const m = DOI.exec(decoded)
  if (!m) return null
  let doi = m[0]
  // In a URL the DOI is one query parameter among others (`doi=10.1016/j.x&partnerID=40`).
  const param = URL_PARAM.exec(doi)
  if (param) doi = doi.slice(0, param.index)
  const bare = stripTrailingPunctuation(doi).toLowerCase()
  // A prefix with nothing after the slash (`10.1000/&x=1` cut at the parameter) is no DOI.
  return bare.endsWith('/') ? null : bare
}

function decodePercent(run: string): string {
  try {
    return decodeURIComponent(run)
  } catch {
    return run // not UTF-8 percent-encoding: leave it as written
  }
}

const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{', '>': '<' }

/** Sentence punctuation after a DOI in running text is not part of it; a closing bracket is,
 * when the DOI opened it (`10.1016/S0140-6736(20)30183-5`). */
function stripTrailingPunctuation(doi: string): string {
  let end = doi.length
  for (;;) {
    const c = doi[end - 1]
    if (c === undefined) break
    if ('.,;:\'"'.includes(c)) {
      end--
      continue
    }
    const opener = CLOSERS[c]
    if (opener && count(doi, opener, end) < count(doi, c, end)) {
      end--
      continue
    }
    break
  }
  return doi.slice(0, end)
}

function count(text: string, ch: string, end: number): number {
  let n = 0
  for (let i = text.indexOf(ch); i >= 0 && i < end; i = text.indexOf(ch, i + 1)) n++
  return n
}

/** The tags a normaliser reads, numbered. Two-character tags (all of RIS) are found through a
 * table indexed by their char codes: this runs for every tag of every record. */
export class TagSet {
  private readonly table = new Int8Array(1 << 14).fill(-1)
  private readonly long = new Map<string, number>()

  constructor(readonly names: readonly string[]) {
    names.forEach((tag, i) => {
      if (tag.length === 2) this.table[pairCode(tag)] = i
      else this.long.set(tag, i)
    })
  }

  slot(tag: string): number {
    if (tag.length !== 2) return this.long.get(tag) ?? -1
    const code = pairCode(tag)
    return code < 0 ? -1 : this.table[code]!
  }
}

function pairCode(tag: string): number {
  const c0 = tag.charCodeAt(0)
  const c1 = tag.charCodeAt(1)
  return c0 < 128 && c1 < 128 ? (c0 << 7) | c1 : -1
}

const NONE: string[] = []

/** The values of the wanted tags, grouped by tag, empty values left out. */
export class TagValues {
  private readonly lists: (string[] | undefined)[]

  constructor(
    raw: readonly (readonly [string, string])[],
    private readonly set: TagSet
  ) {
    const lists: (string[] | undefined)[] = new Array(set.names.length).fill(undefined)
    for (const [tag, value] of raw) {
      if (value === '') continue
      const slot = set.slot(tag)
      if (slot < 0) continue
      const list = lists[slot]
      if (list) list.push(value)
      else lists[slot] = [value]
    }
    this.lists = lists
  }

  all(tag: string): string[] {
    return this.lists[this.set.slot(tag)] ?? NONE.slice()
  }

  /** The first value, in tag priority order then file order, that `pick` accepts. */
  first<T>(tags: readonly string[], pick: (value: string) => T | null): T | null {
    for (const tag of tags) {
      const list = this.lists[this.set.slot(tag)]
      if (!list) continue
      for (const value of list) {
        const picked = pick(value)
        if (picked !== null) return picked
      }
    }
    return null
  }
}

const asIs = (value: string) => value
const collapsed = (value: string) => collapse(value) || null
const abstractText = (value: string) => (isCopyrightNotice(value) ? null : collapsed(value))

const RIS_TAGS = new TagSet(
  'TY TI T1 CT BT ST AB N2 AU A1 PY Y1 DA T2 JF JO JA J2 KW DB DP DO L3 M3 N1 UR'.split(' ')
)

/** The normalised fields of a RIS record, from its raw tags. */
export function normaliseRis(raw: readonly (readonly [string, string])[]): NormalisedFields {
  const tags = new TagValues(raw, RIS_TAGS)
  const type = tags.first(['TY'], asIs)
  const serial = type === null || JOURNAL_TYPES.has(type.toUpperCase())
  const au = tags.all('AU')
  return {
    type,
    title: tags.first(['TI', 'T1', 'CT', 'BT', 'ST'], collapsed),
    abstract: tags.first(['AB', 'N2'], abstractText),
    authors: au.length ? au : tags.all('A1'),
    year: tags.first(['PY', 'Y1', 'DA'], findYear),
    journal: tags.first(
      serial ? ['T2', 'JF', 'JO', 'JA', 'J2'] : ['JF', 'JO', 'JA', 'J2'],
      collapsed
    ),
    doi: tags.first(['DO', 'L3', 'M3', 'N1', 'UR'], findDoi),
    keywords: tags.all('KW'),
    database: tags.first(['DB', 'DP'], asIs),
  }
}
