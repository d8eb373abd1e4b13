import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { AgreementBallot } from '../../src/domain/agreement.ts'
import {
  batchSize,
  calibrationKappa,
  calibrationPlan,
  rapidState,
  sortKey,
  stableOrder,
  votesNeeded,
  type RapidBatch,
} from '../../src/domain/rapid.ts'

const range = (n: number, from = 1) => Array.from({ length: n }, (_, i) => i + from)

describe('sortKey', () => {
  it('is in [0, 1) and the same on every call', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.string()), fc.nat({ max: 2 ** 53 - 1 }), (seed, id) => {
        const key = sortKey(seed, id)
        expect(key).toBeGreaterThanOrEqual(0)
        expect(key).toBeLessThan(1)
        expect(sortKey(seed, id)).toBe(key)
      })
    )
  })

  it('does not change between releases (stored sort keys stay valid)', () => {
    expect([sortKey(1, 1), sortKey('1:2', 42), sortKey(0, 0), sortKey(5, 2 ** 40 + 3)]).toEqual([
      0.7647597666069773, 0.8761524447189761, 0.3493392213956056, 0.8208691650640816,
    ])
  })

  it('treats a number and its decimal string as the same seed', () => {
    expect(sortKey(7, 99)).toBe(sortKey('7', 99))
  })

  it('spreads consecutive ids evenly over [0, 1)', () => {
    const buckets = new Array<number>(10).fill(0)
    for (const id of range(10_000)) buckets[Math.floor(sortKey('project-1', id) * 10)]!++
    // Expected 1 000 per bucket; a fair hash stays well within ±10 %.
    for (const n of buckets) expect(Math.abs(n - 1000)).toBeLessThan(100)
  })

  it('gives unrelated orders for different seeds', () => {
    const a = stableOrder(range(1000), 'reviewer-1')
    const b = stableOrder(range(1000), 'reviewer-2')
    const samePlace = a.filter((id, i) => b[i] === id).length
    expect(samePlace).toBeLessThan(10)
  })
})

describe('stableOrder', () => {
  it('is a permutation of the unique ids, independent of input order', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 500 })), fc.integer(), (ids, seed) => {
        const order = stableOrder(ids, seed)
        expect([...order].sort((x, y) => x - y)).toEqual([...new Set(ids)].sort((x, y) => x - y))
        expect(stableOrder([...ids].reverse(), seed)).toEqual(order)
      })
    )
  })

  it('keeps the relative order of old ids when new ids arrive', () => {
    const before = stableOrder(range(50), 3)
    const after = stableOrder(range(80), 3).filter((id) => id <= 50)
    expect(after).toEqual(before)
  })
})

describe('batchSize', () => {
  it.each([
    [100, 0.2, 20],
    [101, 0.2, 21],
    [30, 0.1, 3], // 30 · 0.1 = 3.0000000000000004 in binary: still 3
    [3, 0.2, 1], // at least one record
    [0, 0.2, 0],
    [7, 1, 7],
  ])('%i records × %f → %i', (total, share, size) => {
    expect(batchSize(total, share)).toBe(size)
  })

  it.each([0, -0.1, 1.5, Number.NaN])('refuses a share of %f', (share) => {
    expect(() => batchSize(10, share)).toThrow(RangeError)
  })
})

describe('calibrationPlan', () => {
  const recordIds = range(103)

  it.each([
    [0, 0],
    [1, 21],
    [2, 42],
    [5, 103], // the last batch is what is left
    [9, 103],
  ])('%i batches of 20 %% of 103 records → %i dual', (batches, dual) => {
    const plan = calibrationPlan({ recordIds, share: 0.2, seed: 11, batches })
    expect(plan.dual.size).toBe(dual)
    expect(plan.batches.flat()).toHaveLength(dual)
  })

  it('is deterministic for a seed and a random sample, not the first records', () => {
    const plan = calibrationPlan({ recordIds, share: 0.2, seed: 11, batches: 1 })
    expect(calibrationPlan({ recordIds, share: 0.2, seed: 11, batches: 1 })).toEqual(plan)
    expect(plan.batches[0]).not.toEqual(range(21))
    expect(calibrationPlan({ recordIds, share: 0.2, seed: 12, batches: 1 }).dual).not.toEqual(
      plan.dual
    )
  })

  it('opening the next batch keeps every earlier batch as it was', () => {
    const one = calibrationPlan({ recordIds, share: 0.2, seed: 'p1', batches: 1 })
    const two = calibrationPlan({ recordIds, share: 0.2, seed: 'p1', batches: 2 })
    expect(two.batches[0]).toEqual(one.batches[0])
    expect(new Set([...two.batches[0]!, ...two.batches[1]!]).size).toBe(42)
  })
})

const batch = (complete: boolean, kappa: number | null, n = 20): RapidBatch => ({
  recordIds: range(n),
  complete,
  kappa,
})

describe('rapidState', () => {
  it.each<[string, RapidBatch[], number | undefined, 'calibrating' | 'single', boolean, RegExp]>([
    ['nothing yet: open the first batch', [], undefined, 'calibrating', true, /random 20 %/],
    ['first batch under way', [batch(false, null)], undefined, 'calibrating', false, /batch 1/],
    ['first batch agrees well', [batch(true, 0.72)], 400, 'single', false, /0\.72 ≥ 0\.60/],
    ['exactly at the threshold passes', [batch(true, 0.6)], 400, 'single', false, /≥/],
    [
      'a hair under the threshold by float error passes',
      [batch(true, 0.6 - 1e-12)],
      400,
      'single',
      false,
      /≥/,
    ],
    [
      'below: the next batch is dual',
      [batch(true, 0.41)],
      400,
      'calibrating',
      true,
      /0\.41 < 0\.60.*next/,
    ],
    [
      'undefined kappa is not agreement',
      [batch(true, null)],
      400,
      'calibrating',
      true,
      /undefined/,
    ],
    [
      'second batch under way',
      [batch(true, 0.41), batch(false, null)],
      300,
      'calibrating',
      false,
      /batch 2/,
    ],
    [
      'second batch agrees',
      [batch(true, 0.41), batch(true, 0.66)],
      300,
      'single',
      false,
      /Batch 2/,
    ],
    [
      'single for good once reached',
      [batch(true, 0.8), batch(true, 0.1)],
      300,
      'single',
      false,
      /Batch 1/,
    ],
    [
      'no records left to calibrate on',
      [batch(true, 0.3), batch(true, 0.2)],
      0,
      'calibrating',
      false,
      /every record/,
    ],
    ['no records at all', [], 0, 'calibrating', false, /Calibration/],
  ])('%s', (_, batches, unbatched, phase, nextBatchNeeded, reason) => {
    const state = rapidState({ share: 0.2, threshold: 0.6, batches, unbatched })
    expect(state.phase).toBe(phase)
    expect(state.nextBatchNeeded).toBe(nextBatchNeeded)
    expect(state.reason).toMatch(reason)
  })
})

describe('calibrationKappa', () => {
  const votes = (userId: number, pattern: string, from = 1): AgreementBallot[] =>
    [...pattern].map((c, i) => ({
      recordId: from + i,
      userId,
      vote: c === 'i' ? 'include' : c === 'm' ? 'maybe' : 'exclude',
    }))

  it.each<[string, AgreementBallot[], number | null]>([
    ['no ballots', [], null],
    ['one pair, perfect on both categories', [...votes(1, 'iiee'), ...votes(2, 'mmee')], 1],
    // table 1/1/0/2: n = 4, a = 3, S = 2·1 + 2·3 = 8, κ = (12 − 8)/(16 − 8) = .5
    ['one pair, κ = .5', [...votes(1, 'iiee'), ...votes(2, 'ieee')], 0.5],
    ['all excluded: undefined', [...votes(1, 'eeee'), ...votes(2, 'eeee')], null],
    // pair 1–2: κ = 1; pair 1–3 on records 5–8 (table 1/1/0/2): κ = .5 → the lowest counts
    [
      'three reviewers: the weakest pair decides',
      [...votes(1, 'iieeiiee'), ...votes(2, 'iiee'), ...votes(3, 'ieee', 5)],
      0.5,
    ],
    [
      'any undefined pair keeps calibrating',
      [...votes(1, 'iieeeeee'), ...votes(2, 'iiee'), ...votes(3, 'eeee', 5)],
      null,
    ],
  ])('%s → %s', (_, ballots, kappa) => {
    expect(calibrationKappa(ballots)).toBe(kappa)
  })
})

describe('votesNeeded', () => {
  it.each([
    ['calibrating', true, 2],
    ['calibrating', false, 2],
    ['single', true, 2],
    ['single', false, 1],
  ] as const)('%s, in calibration %s → %i', (phase, inCalibration, n) => {
    expect(votesNeeded(phase, inCalibration)).toBe(n)
  })
})
