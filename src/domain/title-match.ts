/**
 * When two normalised titles name the same study (SPEC §2.2). The thresholds are deliberately
 * conservative: a missed duplicate costs a reviewer one extra click, a wrong merge silently
 * removes a study from the review.
 */
import { editDistance } from './edit-distance.ts'
import { isGenericTitle, isNoticeTitle, titleWords } from './title-key.ts'

/** Below this many key characters a title is too unspecific to identify a study on its own. */
export const MIN_TITLE_CHARS = 20
/** ...and it must have at least this many words ("Hypertension in pregnancy" has three). */
export const MIN_TITLE_WORDS = 3
/**
 * Typos are tolerated only from this length: one changed letter in "Rat models of obesity"
 * makes "Cat models of obesity". The same length is required to merge when a year is missing.
 */
export const FUZZY_MIN_CHARS = 30
/** Similarity = 1 − edits / longer key length; 0.95 allows one edit per 20 characters. */
export const SIMILARITY_THRESHOLD = 0.95
const CHARS_PER_EDIT = Math.round(1 / (1 - SIMILARITY_THRESHOLD))

/** Edits tolerated between two keys whose longer one has this length. */
export function allowedEdits(longer: number): number {
  return Math.floor(longer / CHARS_PER_EDIT)
}

export interface TitleInfo {
  key: string
  /** May match another title at all (long enough, not generic, not a notice about a paper). */
  eligible: boolean
  /** May match a title that differs by a typo. */
  fuzzy: boolean
  /**
   * Numbers, Roman numerals and negations, which a typo-tolerant match must not change: "Part I"
   * vs "Part II", "phase 2" vs "phase 3" and "is not" vs "is" are different papers, one edit apart.
   */
  markers: string
  /**
   * How often each of a–z, 0–9 and anything else occurs in the key, one char code per count
   * (capped at 255): a cheap lower bound on the edit distance. A string, not an array, because
   * 100 000 of them stay in memory during an import.
   */
  letters: string
  /** The longest distinct words, ties broken alphabetically: blocking keys for typo matches. */
  anchors: readonly string[]
}

const ROMAN = /^x{0,2}(?:ix|iv|v?i{0,3})$/
const NEGATIONS = new Set(['no', 'not', 'non', 'nor', 'without', 'never'])
const ANCHORS = 3
const MIN_ANCHOR = 5

function letterCounts(key: string): string {
  const counts = new Uint8Array(37)
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i)
    const slot = code >= 97 && code <= 122 ? code - 97 : code >= 48 && code <= 57 ? code - 22 : 36
    if (counts[slot]! < 255) counts[slot]!++
  }
  return String.fromCharCode(...counts)
}

function anchorWords(words: readonly string[]): string[] {
  const top: string[] = []
  for (const word of words) {
    if (word.length < MIN_ANCHOR || top.includes(word)) continue
    let at = top.length
    while (at > 0) {
      const other = top[at - 1]!
      if (other.length > word.length || (other.length === word.length && other < word)) break
      at--
    }
    if (at < ANCHORS) top.splice(at, 0, word)
    if (top.length > ANCHORS) top.pop()
  }
  return top
}

export function titleInfo(title: string | null): TitleInfo | null {
  const words = titleWords(title)
  if (words.length === 0) return null
  const key = words.join('')
  const eligible =
    key.length >= MIN_TITLE_CHARS &&
    words.length >= MIN_TITLE_WORDS &&
    !isGenericTitle(words) &&
    !isNoticeTitle(title ?? '')
  const marked = words.filter((word) => NEGATIONS.has(word) || ROMAN.test(word))
  const markers = `${(key.match(/\d+/g) ?? []).join(',')}|${marked.join(',')}`
  const fuzzy = eligible && key.length >= FUZZY_MIN_CHARS
  return { key, eligible, fuzzy, markers, letters: letterCounts(key), anchors: anchorWords(words) }
}

/**
 * An edit changes the letter counts by at most 2 (a substitution) or 1 (an insertion or
 * deletion), so half their L1 difference never exceeds the edit distance. Capping both counts
 * at 255 only shrinks the difference, so the bound still holds.
 */
function countsBound(a: string, b: string): number {
  let sum = 0
  for (let i = 0; i < a.length; i++) sum += Math.abs(a.charCodeAt(i) - b.charCodeAt(i))
  return Math.ceil(sum / 2)
}

/** 1 − distance / longer length, on the keys; 1 for identical keys. */
export function titleSimilarity(a: TitleInfo, b: TitleInfo): number {
  const longer = Math.max(a.key.length, b.key.length)
  return 1 - editDistance(a.key, b.key) / longer
}

export interface TitleVerdict {
  match: boolean
  score: number
  why: string
}

/**
 * `years` says how the two records' years relate: 'same' (both present and equal) or 'missing'
 * (one or both absent). Different years never reach here.
 *
 * Missing year: merge only on an identical key of at least FUZZY_MIN_CHARS. A Google Scholar
 * record often lacks the year, and the same long title is then almost always the same paper;
 * but with the year unknown the title is the only evidence, so it must be exact and specific.
 */
export function compareTitles(a: TitleInfo, b: TitleInfo, years: 'same' | 'missing'): TitleVerdict {
  if (!a.eligible || !b.eligible) {
    return { match: false, score: 0, why: 'title too short or generic to identify a study' }
  }
  if (a.key === b.key) {
    if (years === 'same') return { match: true, score: 1, why: 'same title and year' }
    if (a.fuzzy) return { match: true, score: 1, why: 'same title; a year is missing' }
    return { match: false, score: 1, why: 'same short title but a year is missing' }
  }
  if (years === 'missing') {
    return { match: false, score: 0, why: 'titles differ; a year is missing' }
  }
  if (!a.fuzzy || !b.fuzzy) {
    return { match: false, score: 0, why: 'titles differ; too short for typos' }
  }
  if (a.markers !== b.markers) {
    return { match: false, score: 0, why: 'titles differ in numbers, numerals or negation' }
  }
  const longer = Math.max(a.key.length, b.key.length)
  const allowed = allowedEdits(longer)
  if (
    Math.abs(a.key.length - b.key.length) > allowed ||
    countsBound(a.letters, b.letters) > allowed
  ) {
    return { match: false, score: 0, why: 'titles differ' }
  }
  const distance = editDistance(a.key, b.key, allowed)
  if (distance > allowed) return { match: false, score: 0, why: 'titles differ' }
  const score = 1 - distance / longer
  return { match: true, score, why: `near-identical titles (${distance} edits), same year` }
}
