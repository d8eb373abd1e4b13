import { describe, expect, it } from 'vitest'
import { recallAt, screenedFor, screeningMetrics, wss } from '../../src/domain/rank/metrics.ts'
import type { Label } from '../../src/domain/rank/model.ts'

/** Labels from a string: '1' relevant, '0' not, in screening order. */
const order = (s: string) => [...s].map((c) => (c === '1' ? 1 : 0)) as Label[]
/** `relevant` ones first, then zeros up to n. */
const best = (relevant: number, n: number) =>
  Array.from({ length: n }, (_, i) => (i < relevant ? 1 : 0)) as Label[]

describe('screening metrics', () => {
  // Each row worked by hand. N = 10 unless said.
  it.each<
    [string, Label[], { wss95: number; wss100: number; r10: number; r20: number; at95: number }]
  >([
    // 2 relevant: ⌈0.95·2⌉ = 2 needed, found at position 3 → (10 − 3)/10 − 0.05.
    // Recall after round(1) = 1 record: 1 of 2; after 2 records: still 1 of 2.
    ['1010000000', order('1010000000'), { wss95: 0.65, wss100: 0.7, r10: 0.5, r20: 0.5, at95: 3 }],
    // Best possible: WSS@100 = 1 − p/N = 0.8.
    ['1100000000', order('1100000000'), { wss95: 0.75, wss100: 0.8, r10: 0.5, r20: 1, at95: 2 }],
    // Worst: the relevant records last; WSS is negative.
    ['0000000011', order('0000000011'), { wss95: -0.05, wss100: 0, r10: 0, r20: 0, at95: 10 }],
    // 20 relevant of 100: 19 needed (0.95 of 20 exactly); the 19th is at 19 → 0.81 − 0.05.
    ['20 of 100 first', best(20, 100), { wss95: 0.76, wss100: 0.8, r10: 0.5, r20: 1, at95: 19 }],
    // 280 relevant of 1000: 266 needed, not 267; (1000 − 266)/1000 − 0.05 = 0.684.
    ['280 of 1000 first', best(280, 1000), { wss95: 0.684, wss100: 0.72, r10: 100 / 280, r20: 200 / 280, at95: 266 }], // prettier-ignore
  ])('%s', (_, labels, e) => {
    const m = screeningMetrics(labels)
    expect(m.wss95).toBeCloseTo(e.wss95, 12)
    expect(m.wss100).toBeCloseTo(e.wss100, 12)
    expect(m.recallAt10pct).toBeCloseTo(e.r10, 12)
    expect(m.recallAt20pct).toBeCloseTo(e.r20, 12)
    expect(m.screenedFor95pct).toBe(e.at95)
    expect(m.relevant).toBe(labels.filter((y) => y === 1).length)
    expect(m.records).toBe(labels.length)
  })

  it('asks for ⌈R · relevant⌉ without a last-bit error', () => {
    // 0.07 · 100 = 7.000000000000001 in binary: still 7 records needed, not 8.
    expect(screenedFor(best(100, 200), 0.07)).toBe(7)
    // 0.95 · 21 = 19.95 → 20 needed.
    expect(screenedFor(best(21, 30), 0.95)).toBe(20)
  })

  it('rounds the screened share to the nearest record', () => {
    // 15 records: 10 % is 1.5 → 2 records; the 2nd is relevant.
    expect(recallAt(order('010000000000001'), 0.1)).toBe(0.5)
    expect(wss(order('010000000000001'), 1)).toBeCloseTo(0, 12)
  })

  it('refuses what it cannot measure', () => {
    expect(() => screeningMetrics(order('0000'))).toThrow(/no relevant record/)
    expect(() => screenedFor(order('10'), 0)).toThrow(RangeError)
    expect(() => screenedFor(order('10'), 1.5)).toThrow(RangeError)
  })
})
