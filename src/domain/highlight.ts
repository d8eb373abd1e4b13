/**
 * Highlight terms in titles and abstracts (SPEC §2.3). The result is plain segments that views
 * render as text and `<mark>` elements — never an HTML string, so record text stays escaped.
 *
 * Matching rules:
 * - Case- and accent-insensitive: text and terms are folded alike (lower case, compatibility
 *   decomposition, combining marks dropped), so `Sante` finds "Santé" and `ﬁnance` "finance".
 * - Whole words: `child` finds "child" and "child's" but not "children"; a trailing `*` makes a
 *   prefix that marks the whole word, `child*` → "children". A `*` anywhere else is literal, as
 *   are regex characters: `c++`, `(uk)`, `a.b`.
 * - Multi-word terms: a run of spaces or dashes in a term matches a run of spaces or dashes in
 *   the text, so `evidence based` finds "evidence-based" and "evidence  based".
 * - Overlaps: the longer match wins (`child care` over `child`: the more specific term); on a
 *   tie the exclude term wins (a screener must not miss an exclusion signal), then the earlier.
 */

export type Mark = 'include' | 'exclude'
export type Segment = { text: string; mark: null | Mark }
export interface Terms {
  include: string[]
  exclude: string[]
}

const WORD = '[\\p{L}\\p{N}]'
const SEPARATORS = /[\s\p{Pd}]+/u
const MARKS = /\p{M}/gu

function foldChar(cp: string): string {
  if (cp < '\u0080') return cp.toLowerCase()
  return cp.toLowerCase().normalize('NFKD').replace(MARKS, '')
}

/**
 * The folded text with, per folded code unit, the span of the original code point it came
 * from. A code point that folds to nothing (a combining accent) joins the one before it, so a
 * match never splits a letter from its accent.
 */
function fold(text: string): { folded: string; start: number[]; end: number[] } {
  let folded = ''
  const start: number[] = []
  const end: number[] = []
  let previous = -1
  let i = 0
  for (const cp of text) {
    const f = foldChar(cp)
    const next = i + cp.length
    if (f === '') {
      if (previous >= 0) end.fill(next, previous)
    } else {
      previous = end.length
      for (let k = 0; k < f.length; k++) {
        start.push(i)
        end.push(next)
      }
      folded += f
    }
    i = next
  }
  return { folded, start, end }
}

const escape = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')

/** The term as a regex over folded text, or null when nothing is left to match. */
function compile(term: string): RegExp | null {
  let core = term.trim()
  const prefix = core.endsWith('*')
  if (prefix) core = core.replace(/\*+$/, '')
  const parts = fold(core).folded.split(SEPARATORS).filter(Boolean)
  const body = parts.join(' ')
  if (body === '') return null
  const wordAt = (c: string) => new RegExp(WORD, 'u').test(c)
  const before = wordAt(body[0]!) ? `(?<!${WORD})` : ''
  const after = prefix ? `${WORD}*` : wordAt(body.at(-1)!) ? `(?!${WORD})` : ''
  return new RegExp(`${before}${parts.map(escape).join('[\\s\\p{Pd}]+')}${after}`, 'gu')
}

interface Hit {
  start: number
  end: number
  mark: Mark
}

/** Compile the terms once, highlight many texts (a list of records, one project's terms). */
export function highlighter(terms: Terms): (text: string) => Segment[] {
  const patterns: { re: RegExp; mark: Mark }[] = []
  for (const mark of ['include', 'exclude'] as const) {
    for (const term of terms[mark]) {
      const re = compile(term)
      if (re) patterns.push({ re, mark })
    }
  }
  return (text) => segments(text, patterns)
}

export function highlight(text: string, terms: Terms): Segment[] {
  return highlighter(terms)(text)
}

function segments(text: string, patterns: { re: RegExp; mark: Mark }[]): Segment[] {
  if (text === '') return []
  const hits: Hit[] = []
  if (patterns.length > 0) {
    const { folded, start, end } = fold(text)
    for (const { re, mark } of patterns) {
      for (const m of folded.matchAll(re)) {
        if (m[0] === '') continue
        hits.push({ start: start[m.index]!, end: end[m.index + m[0].length - 1]!, mark })
      }
    }
  }
  hits.sort(
    (a, b) =>
      b.end - b.start - (a.end - a.start) ||
      Number(b.mark === 'exclude') - Number(a.mark === 'exclude') ||
      a.start - b.start
  )
  const taken = new Uint8Array(text.length)
  const chosen: Hit[] = []
  for (const hit of hits) {
    if (taken.subarray(hit.start, hit.end).some((t) => t === 1)) continue
    taken.fill(1, hit.start, hit.end)
    chosen.push(hit)
  }
  chosen.sort((a, b) => a.start - b.start)

  const out: Segment[] = []
  let at = 0
  for (const hit of chosen) {
    if (hit.start > at) out.push({ text: text.slice(at, hit.start), mark: null })
    out.push({ text: text.slice(hit.start, hit.end), mark: hit.mark })
    at = hit.end
  }
  if (at < text.length) out.push({ text: text.slice(at), mark: null })
  return out
}
