/**
 * Candidate blocking for duplicate detection (SPEC §2.2: never O(n²) on 100 000 records). A
 * record is compared only with earlier titles that share its exact key (any year: the
 * missing-year rule needs that), or, for typo tolerance, its year, a similar key length, and
 * one of: the first AFFIX characters of the key, the last AFFIX characters, or one of its three
 * longest words (TitleInfo.anchors). One typo cannot touch both ends of a key; a miss needs
 * typos at both ends and in all three longest words. The benchmark compares with all pairs.
 */
import { allowedEdits, type TitleInfo } from './title-match.ts'

/**
 * A block that grows past this is uninformative (a common opening such as "the effect of" in a
 * busy year): later titles are not added to it, so the work per record stays bounded.
 */
const MAX_BLOCK = 100
const AFFIX = 10
/**
 * Key lengths are bucketed: titles that share an opening or a design subtitle ("…: a
 * systematic review and meta-analysis") crowd one affix block, but rarely one length.
 */
const LENGTH_BUCKET = 8

export interface Blocked<T> {
  year: number | null
  title: TitleInfo
  value: T
}
/** The last candidates() call that returned an item: a cheaper "seen" test than a Set. */
interface Stamped<T> extends Blocked<T> {
  seen: number
}
export interface Blocks<T> {
  insert(item: Blocked<T>): void
  /** Earlier items that may match; each at most once. */
  candidates(title: TitleInfo, year: number | null): Iterable<Blocked<T>>
}

/** FNV-1a over text[from, to), seeded: a collision only merges two blocks (more candidates). */
function hash(seed: number, text: string, from = 0, to = text.length): number {
  let h = Math.imul(0x811c9dc5 ^ seed, 0x01000193)
  for (let i = from; i < to; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return h
}

/**
 * Numbers, not strings: with 100 000 titles the blocks map holds ~500 000 keys, and hashing
 * long string keys on every lookup was most of the work.
 */
function fuzzyKeys(title: TitleInfo, year: number): number[] {
  const { key } = title
  const keys = [hash(year * 3, key, 0, AFFIX), hash(year * 3 + 1, key, key.length - AFFIX)]
  for (const word of title.anchors) keys.push(hash(year * 3 + 2, word))
  return keys
}

/** A fuzzy key within one length bucket, as a small integer (a V8 Smi). */
function blockId(key: number, bucket: number): number {
  return Math.imul(key ^ bucket, 0x01000193) >>> 2
}

/** The buckets of every key length that can be within the allowed edits of this one. */
function lengthBuckets(length: number): number[] {
  // A longer key L' allows floor(L'/20) edits, so L' ≤ length · 20/19 at most.
  const shortest = length - allowedEdits(length)
  const longest = Math.floor((length * 20) / 19)
  const buckets: number[] = []
  for (let b = Math.floor(shortest / LENGTH_BUCKET); b * LENGTH_BUCKET <= longest; b++) {
    buckets.push(b)
  }
  return buckets
}

/** `exhaustive` returns every earlier item as a candidate: O(n²), the baseline for benchmarks. */
export function createBlocks<T>(exhaustive = false): Blocks<T> {
  const everything: Blocked<T>[] = []
  const byKey = new Map<string, Stamped<T>[]>()
  const byBlock = new Map<number, Stamped<T>[]>()
  let calls = 0
  // add() asks for candidates and then inserts the same title: compute its keys once.
  let last: { title: TitleInfo; year: number; keys: number[] } | null = null

  function keysOf(title: TitleInfo, year: number): number[] {
    if (last?.title !== title || last.year !== year) {
      last = { title, year, keys: fuzzyKeys(title, year) }
    }
    return last.keys
  }

  function push<K>(map: Map<K, Stamped<T>[]>, key: K, item: Stamped<T>): void {
    const list = map.get(key)
    if (list === undefined) map.set(key, [item])
    else if (list.length < MAX_BLOCK) list.push(item)
  }

  return {
    insert({ year, title, value }) {
      if (exhaustive) return void everything.push({ year, title, value })
      // A literal, not a spread: V8 gives spread copies a slow shape, and `seen` is hot.
      const item: Stamped<T> = { year, title, value, seen: 0 }
      push(byKey, title.key, item)
      if (!title.fuzzy || year === null) return
      const bucket = Math.floor(title.key.length / LENGTH_BUCKET)
      for (const key of keysOf(title, year)) push(byBlock, blockId(key, bucket), item)
    },
    candidates(title, year) {
      if (exhaustive) return everything
      const stamp = ++calls
      const found: Blocked<T>[] = []
      const collect = (list: Stamped<T>[] | undefined) => {
        for (const item of list ?? []) {
          if (item.seen === stamp) continue
          item.seen = stamp
          found.push(item)
        }
      }
      collect(byKey.get(title.key))
      if (!title.fuzzy || year === null) return found
      const buckets = lengthBuckets(title.key.length)
      for (const key of keysOf(title, year)) {
        for (const bucket of buckets) collect(byBlock.get(blockId(key, bucket)))
      }
      return found
    },
  }
}
