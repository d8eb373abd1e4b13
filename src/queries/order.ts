import { sql, type SQL } from 'drizzle-orm'

/**
 * A stable random order per reviewer, computed by SQLite for a whole import at once: an
 * integer mixer (Thomas Mueller's hash32) over (record id, reviewer salt), the same in JS and
 * SQL so tests can check one against the other. SQLite has no XOR operator:
 * a XOR b = (a | b) & ~(a & b). Products stay below 2^63 for ids below 2^31.
 */
const M32 = 0xffffffff
const GOLDEN = 0x9e3779b1
const MIX = 0x45d9f3b

export function mix32(x: number): number {
  let h = x >>> 0
  h = Math.imul((h >>> 16) ^ h, MIX) >>> 0
  h = Math.imul((h >>> 16) ^ h, MIX) >>> 0
  return ((h >>> 16) ^ h) >>> 0
}

/** The salt that makes each reviewer's order their own. */
export function reviewerSalt(projectId: number, userId: number): number {
  return mix32((Math.imul(projectId, 0x85ebca6b) + userId) >>> 0)
}

/** A record's place in one reviewer's order, in [0, 1). */
export function shuffleKey(recordId: number, salt: number): number {
  return mix32((Math.imul(recordId, GOLDEN) + salt) >>> 0) / 2 ** 32
}

const xor = (a: string, b: string) => `((${a}) | (${b})) & ~((${a}) & (${b}))`
const mixStep = (h: string) => `((${xor(`(${h}) >> 16`, h)}) * ${MIX}) & ${M32}`

/**
 * Where a record sits in a work queue: `queue.sort_key` is a whole part (rapid mode's
 * calibration batch first, then everything else) plus a place within it. Random places are in
 * [0.5, 1); priority screening puts the records the model ranks highest in [0, 0.5), ahead of
 * all of them, so a new ranking rewrites only the front of the queue.
 */
export const RANKED_FRONT = 0.5

/** The whole part of the sort key of records in no calibration batch (batches are 1, 2, …). */
export const UNBATCHED = 1_000_000

/** A record's random place in one reviewer's queue, in [0.5, 1) (see RANKED_FRONT). */
export function randomPlaceSql(column: string, salt: number): SQL {
  return sql`(${RANKED_FRONT} + ${shuffleKeySql(column, salt)} * ${1 - RANKED_FRONT})`
}

/**
 * The SQL twin of shuffleKey. `column` is a column name written in our code (never user
 * input) and the salt a number we computed, so raw SQL is safe here.
 */
export function shuffleKeySql(column: string, salt: number): SQL {
  if (!/^[a-z_."]+$/i.test(column)) throw new Error(`not a column name: ${column}`)
  const h0 = `((${column}) * ${GOLDEN} + ${salt >>> 0}) & ${M32}`
  const h2 = mixStep(mixStep(h0))
  return sql.raw(`((${xor(`(${h2}) >> 16`, h2)}) / 4294967296.0)`)
}
