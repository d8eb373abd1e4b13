/**
 * The ranking work itself, as the worker thread runs it: read what one reviewer may see from
 * the database (its own connection), train, and order their waiting records. The records'
 * vectors are kept per project between calls and rebuilt only when the set of records changes.
 */
import { openDb, type Db, type DbOptions } from '../db/client.ts'
import type { Label } from '../domain/rank/model.ts'
import { createRanker, type Ranker, type RankerOptions } from '../domain/rank/ranker.ts'
import { corpus, corpusKey, visibleLabels, waitingFor } from '../queries/ranking.ts'

export interface RankRequest {
  db: DbOptions
  projectId: number
  userId: number
}

export interface RankResult {
  /** False until the reviewer can see at least one include and one exclude. */
  trained: boolean
  /** The reviewer's waiting records, most likely relevant first (empty when not trained). */
  order: number[]
  /** Σ P(relevant) over the waiting records. */
  expectedRelevant: number
  labelled: number
  includes: number
  /** Time to read, train and rank; and whether the records' vectors had to be built. */
  ms: number
  rebuilt: boolean
}

/** Projects whose vectors stay in memory (each is ~20 MB at 20 000 records). */
const KEEP = 4

export interface Computer {
  rank(request: RankRequest): Promise<RankResult>
  close(): void
}

export function createComputer(options: RankerOptions = {}): Computer {
  const dbs = new Map<string, Db>()
  const rankers = new Map<string, { key: string; ranker: Ranker }>()

  const dbFor = (o: DbOptions) => {
    let db = dbs.get(o.url)
    dbs.delete(o.url)
    db ??= openDb(o)
    dbs.set(o.url, db)
    for (const [url, old] of dbs) {
      if (dbs.size <= KEEP) break
      old.close()
      dbs.delete(url)
    }
    return db
  }

  async function rankerFor(db: Db, url: string, projectId: number) {
    const name = `${url}#${projectId}`
    const key = await corpusKey(db.orm, projectId)
    const cached = rankers.get(name)
    rankers.delete(name)
    if (cached?.key === key) {
      rankers.set(name, cached)
      return { ranker: cached.ranker, rebuilt: false }
    }
    const ranker = createRanker(await corpus(db.orm, projectId), options)
    rankers.set(name, { key, ranker })
    while (rankers.size > KEEP) rankers.delete(rankers.keys().next().value!)
    return { ranker, rebuilt: true }
  }

  return {
    async rank({ db: where, projectId, userId }) {
      const started = performance.now()
      const db = dbFor(where)
      const pairs = await visibleLabels(db.orm, projectId, userId)
      const includes = pairs.filter(([, y]) => y === 1).length
      const result = {
        trained: false,
        order: [] as number[],
        expectedRelevant: 0,
        labelled: pairs.length,
        includes,
        ms: 0,
        rebuilt: false,
      }
      if (includes === 0 || includes === pairs.length) {
        return { ...result, ms: Math.round(performance.now() - started) }
      }
      const { ranker, rebuilt } = await rankerFor(db, where.url, projectId)
      const waiting = new Set(await waitingFor(db.orm, projectId, userId))
      const ranking = ranker.rank(new Map<number, Label>(pairs))
      const order = ranking.order.filter((id) => waiting.has(id))
      let expectedRelevant = 0
      for (const id of order) expectedRelevant += ranking.scores.get(id) ?? 0
      return {
        ...result,
        trained: ranking.trained,
        order,
        expectedRelevant,
        rebuilt,
        ms: Math.round(performance.now() - started),
      }
    },
    close() {
      for (const db of dbs.values()) db.close()
      dbs.clear()
      rankers.clear()
    },
  }
}
