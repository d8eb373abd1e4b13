/**
 * Words of a record for the ranking model: title, abstract and keywords, lower-cased, accents
 * folded (é → e, ß stays), split on anything that is not a letter or a digit. Tokens of one
 * character, numbers and common English function words are dropped; optionally the pairs of
 * neighbouring words (after that filtering) are added as bigrams, `word1 word2`.
 */

// Function words only, written for Winnow: words that carry no topic. Domain words ("study",
// "patients") stay: in a review they can tell relevant records from others.
const STOP = `a about above after again against all also am an and any are as at be because been
before being below between both but by can could did do does doing down during each either few
for from further had has have having he her here hers herself him himself his how however i if
in into is it its itself just may me might more most much must my myself no nor not of off on
once only or other our ours ourselves out over own same shall she should so some such than that
the their theirs them themselves then there these they this those through thus to too under
until up upon us very via was we were what when where whether which while who whom whose why
will with within without would yet you your yours yourself yourselves`

export const STOP_WORDS: ReadonlySet<string> = new Set(STOP.split(/\s+/))

export interface TokenizeOptions {
  /** Add neighbouring-word pairs (default false). */
  bigrams?: boolean
}

const MARKS = /\p{M}+/gu
const SEPARATORS = /[^\p{L}\p{N}]+/u
const NUMBER = /^\p{N}+$/u
// Plain ASCII text needs no Unicode decomposition; NFKD costs as much as the rest together.
// eslint-disable-next-line no-control-regex
const NOT_ASCII = /[^\u0000-\u007f]/

/** Lower-case with accents folded: `Évaluation` → `evaluation`. */
export function fold(text: string): string {
  const lower = text.toLowerCase()
  return NOT_ASCII.test(lower) ? lower.normalize('NFKD').replace(MARKS, '') : lower
}

/** The record's words in order (unigrams, then bigrams when asked). */
export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  const words: string[] = []
  for (const part of fold(text).split(SEPARATORS)) {
    if (part.length < 2 || STOP_WORDS.has(part) || NUMBER.test(part)) continue
    words.push(part)
  }
  if (!options.bigrams) return words
  const n = words.length
  for (let i = 0; i + 1 < n; i++) words.push(`${words[i]} ${words[i + 1]}`)
  return words
}

/** The text the model reads for a record: title, abstract and keywords, one space apart. */
export function recordText(record: {
  title?: string | null
  abstract?: string | null
  keywords?: readonly string[] | string | null
}): string {
  const keywords = Array.isArray(record.keywords)
    ? record.keywords.join(' ')
    : ((record.keywords as string | null | undefined) ?? '')
  return [record.title ?? '', record.abstract ?? '', keywords].filter(Boolean).join(' ')
}
