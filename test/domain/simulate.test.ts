import { describe, expect, it } from 'vitest'
import { createRanker } from '../../src/domain/rank/ranker.ts'
import { seededRandom, simulate, type LabelledDoc } from '../../src/domain/simulate.ts'

const TOPIC = 'nudge default reminder choice architecture opt enrolment salience framing prompt'.split(' ') // prettier-ignore
const OTHER = 'knee surgery tumour receptor mouse enzyme dosage fracture membrane protein plasma lesion cohort biopsy'.split(' ') // prettier-ignore
const SHARED = 'study patients results trial effect group outcome hospital'.split(' ')

/** 300 records, 15 relevant: relevant ones use TOPIC words (and 5 % OTHER), the others the reverse. */
function dataset(): LabelledDoc[] {
  const next = seededRandom(42)
  const pick = (xs: string[]) => xs[Math.floor(next() * xs.length)]!
  return Array.from({ length: 300 }, (_, i) => {
    const label = i % 20 === 7 ? 1 : 0
    const words = Array.from({ length: 12 }, () => {
      const u = next()
      if (u < 0.4) return pick(SHARED)
      if (u < 0.95) return pick(label ? TOPIC : OTHER)
      return pick(label ? OTHER : TOPIC)
    })
    return { id: i + 1, text: words.join(' '), label }
  })
}

describe('simulate', () => {
  const docs = dataset()

  it('is deterministic for a seed, and the seed chooses the first two records', () => {
    const a = simulate(docs, { seed: 5, runs: 2 })
    const b = simulate(docs, { seed: 5, runs: 2 })
    expect(a.runs.map((r) => r.order)).toEqual(b.runs.map((r) => r.order))
    expect(a.model).toEqual(b.model)
    const c = simulate(docs, { seed: 6, runs: 1 })
    // Run 2 of seed 5 is run 1 of seed 6.
    expect(c.runs[0]!.order).toEqual(a.runs[1]!.order)
    expect(a.runs[0]!.order.slice(0, 2)).not.toEqual(a.runs[1]!.order.slice(0, 2))
    const labelOf = new Map(docs.map((d) => [d.id, d.label]))
    for (const run of a.runs) expect(run.order.slice(0, 2).map((id) => labelOf.get(id))).toEqual([1, 0]) // prettier-ignore
  })

  it('finds the relevant records far sooner than a random order', () => {
    const result = simulate(docs, { seed: 1, runs: 3 })
    expect(result.records).toBe(300)
    expect(result.relevant).toBe(15)
    // The best order: all 15 (⌈0.95 · 15⌉) in the first 15 records, WSS@95 = 285/300 − 0.05 = 0.9.
    expect(result.model.mean.wss95).toBeGreaterThan(0.6)
    expect(result.model.mean.recallAt10pct).toBeGreaterThan(0.8)
    expect(result.random.mean.wss95).toBeLessThan(0.3)
    expect(result.model.mean.wss95).toBeGreaterThan(result.random.mean.wss95 + 0.4)
    // Every record screened once; the run stops at the last relevant one.
    for (const run of result.runs) expect(new Set(run.order).size).toBe(run.order.length)
  })

  it('gives probabilities whose sum is near the relevant records left', () => {
    const ranker = createRanker(docs)
    const labels = new Map(docs.slice(0, 100).map((d) => [d.id, d.label] as const))
    const ranking = ranker.rank(labels)
    expect(ranking.trained).toBe(true)
    expect(ranking.order).toHaveLength(200)
    const expected = [...ranking.scores.values()].reduce((s, p) => s + p, 0)
    const left = docs.slice(100).filter((d) => d.label === 1).length
    expect(expected).toBeGreaterThan(left / 2)
    expect(expected).toBeLessThan(left * 2)
  })

  it('refuses a bad number of runs and a set with one class', () => {
    expect(() => simulate(docs, { seed: 1, runs: 0 })).toThrow(/runs/)
    expect(() => simulate(docs.map((d) => ({ ...d, label: 0 as const })), { seed: 1 })).toThrow(/include/) // prettier-ignore
  })
})
