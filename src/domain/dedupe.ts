/**
 * Duplicate detection (SPEC §2.2). Two records are duplicates when their DOIs are equal, or when
 * no DOI contradicts and their normalised titles are near-identical with agreeing years (the
 * title rules are in title-match.ts). The first-imported record is kept; every later copy
 * points straight at it, never at another duplicate.
 *
 * Work grows about linearly: DOIs are looked up in a map, and a title is compared only with the
 * earlier titles that share a blocking key (dedupe-blocks.ts).
 */
import { createBlocks } from './dedupe-blocks.ts'
import { compareTitles, titleInfo, titleSimilarity, type TitleInfo } from './title-match.ts'

export { titleKey } from './title-key.ts'

export interface DedupeRecord {
  id: number
  doi: string | null
  title: string | null
  year: number | null
}
/** score 0..1 (1 = identical DOI or identical title key). */
export interface DuplicateMatch {
  id: number
  duplicateOf: number
  reason: 'doi' | 'title_year'
  score: number
}
/** A record already in the project; `duplicateOf` as stored, so its DOI and year still count. */
export interface PriorRecord extends DedupeRecord {
  duplicateOf?: number | null
}
export interface DedupeIndex {
  /**
   * Checks one record against everything added before it. A kept record starts a group; a
   * duplicate joins its kept record's group (its DOI, year and title then catch later copies
   * of it) and does not count in `size`.
   */
  add(record: DedupeRecord): DuplicateMatch | null
  /** Number of kept records. */
  readonly size: number
}
export interface DedupeOptions {
  /** Compare every record with every earlier one: O(n²), for measuring what blocking misses. */
  exhaustive?: boolean
}

/** Defensive: the importer already stores DOIs bare and lower-case. */
export function normaliseDoi(doi: string | null): string | null {
  if (doi === null) return null
  const bare = doi
    .trim()
    .toLowerCase()
    .replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/, '')
  return bare.length > 0 ? ownCopy(bare) : null
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()
/**
 * A string the index may keep. A DOI read from a file is often a slice of the whole decoded
 * chunk it came from, and V8 keeps that chunk alive as long as the slice: 60 000 kept DOIs
 * held ~190 MB of file text. A copy holds only itself.
 */
function ownCopy(s: string): string {
  return decoder.decode(encoder.encode(s))
}

function yearRelation(a: number | null, b: number | null): 'same' | 'missing' | 'differ' {
  if (a === null || b === null) return 'missing'
  return a === b ? 'same' : 'differ'
}

/** Compare two records directly (for the lead's "mark as duplicate" check and for tests). */
export function compareRecords(
  a: DedupeRecord,
  b: DedupeRecord
): { duplicate: boolean; reason: 'doi' | 'title_year' | null; score: number; why: string } {
  const doiA = normaliseDoi(a.doi)
  const doiB = normaliseDoi(b.doi)
  if (doiA !== null && doiA === doiB) {
    return { duplicate: true, reason: 'doi', score: 1, why: 'same DOI' }
  }
  const titleA = titleInfo(a.title)
  const titleB = titleInfo(b.title)
  // The score of a non-match is the plain title similarity, for the lead to judge by eye.
  const similarity = titleA && titleB ? titleSimilarity(titleA, titleB) : 0
  const apart = (why: string) => ({ duplicate: false, reason: null, score: similarity, why })
  if (doiA !== null && doiB !== null) return apart('different DOIs')
  if (titleA === null || titleB === null) return apart('a title is missing')
  const years = yearRelation(a.year, b.year)
  if (years === 'differ') return apart('different years')
  const verdict = compareTitles(titleA, titleB, years)
  if (!verdict.match) return apart(verdict.why)
  return { duplicate: true, reason: 'title_year', score: verdict.score, why: verdict.why }
}

/** A kept record and what its duplicates taught us: every DOI and year seen in the group. */
interface Group {
  id: number
  order: number
  /** Almost always 0 or 1 entries: arrays are far lighter than Sets for 100 000 groups. */
  dois: string[]
  years: number[]
}
/**
 * A group whose members carry another DOI or only other years is a different study, even when
 * its kept record (say a Scholar record without DOI or year) would match on its own.
 */
function contradicts(group: Group, doi: string | null, year: number | null): boolean {
  if (doi !== null && group.dois.length > 0 && !group.dois.includes(doi)) return true
  return year !== null && group.years.length > 0 && !group.years.includes(year)
}

/**
 * Builds an index from the records already in the project, in import order. Pass duplicates
 * too, with their stored `duplicateOf`: their DOIs then still catch later copies. A record
 * whose `duplicateOf` is unknown is taken as kept, as is every record without one (so a
 * lead's "not a duplicate" decision is respected).
 */
export function createDedupeIndex(
  prior: Iterable<PriorRecord> = [],
  options: DedupeOptions = {}
): DedupeIndex {
  const byDoi = new Map<string, Group>()
  const blocks = createBlocks<Group>(options.exhaustive)
  let kept = 0

  function remember(
    record: DedupeRecord,
    group: Group,
    doi: string | null,
    title: TitleInfo | null
  ): void {
    if (doi !== null && !group.dois.includes(doi)) group.dois.push(doi)
    if (doi !== null && !byDoi.has(doi)) byDoi.set(doi, group)
    if (record.year !== null && !group.years.includes(record.year)) group.years.push(record.year)
    if (title === null || !title.eligible) return
    blocks.insert({ year: record.year, title, value: group })
  }

  function keep(record: DedupeRecord, doi: string | null, title: TitleInfo | null): Group {
    const group: Group = { id: record.id, order: kept++, dois: [], years: [] }
    remember(record, group, doi, title)
    return group
  }

  function bestTitleMatch(title: TitleInfo, doi: string | null, year: number | null) {
    let best: { group: Group; score: number } | null = null
    for (const entry of blocks.candidates(title, year)) {
      const group = entry.value
      const years = yearRelation(year, entry.year)
      if (years === 'differ') continue
      const verdict = compareTitles(title, entry.title, years)
      if (!verdict.match || contradicts(group, doi, year)) continue
      // Highest score wins; on a tie the earliest kept record, so results never depend on
      // the order in which blocks are visited.
      const better = best === null || verdict.score > best.score
      if (better || (verdict.score === best?.score && group.order < best.group.order)) {
        best = { group, score: verdict.score }
      }
    }
    return best
  }

  function add(record: DedupeRecord): DuplicateMatch | null {
    const doi = normaliseDoi(record.doi)
    const title = titleInfo(record.title)
    const sameDoi = doi === null ? undefined : byDoi.get(doi)
    if (sameDoi !== undefined) {
      remember(record, sameDoi, doi, title)
      return { id: record.id, duplicateOf: sameDoi.id, reason: 'doi', score: 1 }
    }
    const best = title?.eligible ? bestTitleMatch(title, doi, record.year) : null
    if (best === null) {
      keep(record, doi, title)
      return null
    }
    remember(record, best.group, doi, title)
    return { id: record.id, duplicateOf: best.group.id, reason: 'title_year', score: best.score }
  }

  // Only the prior records need their group looked up by id (for their duplicateOf).
  const groupOf = new Map<number, Group>()
  for (const record of prior) {
    const target = record.duplicateOf == null ? undefined : groupOf.get(record.duplicateOf)
    const doi = normaliseDoi(record.doi)
    const title = titleInfo(record.title)
    if (target !== undefined) remember(record, target, doi, title)
    groupOf.set(record.id, target ?? keep(record, doi, title))
  }

  return {
    add,
    get size() {
      return kept
    },
  }
}

/** Convenience: all matches in a list taken in order (first kept). */
export function findDuplicates(records: Iterable<DedupeRecord>): DuplicateMatch[] {
  const index = createDedupeIndex()
  const matches: DuplicateMatch[] = []
  for (const record of records) {
    const match = index.add(record)
    if (match !== null) matches.push(match)
  }
  return matches
}
