import { describe, expect, it } from 'vitest'
import { estimate, run, stoppingAdvice } from '../../src/domain/stopping.ts'

describe('stopping advice', () => {
  it.each([
    [100, 50],
    [2_500, 50],
    [2_501, 51],
    [20_000, 400],
  ])('a long run of excludes at %i records is %i', (total, expected) => {
    expect(run(total)).toBe(expected)
  })

  it.each([
    // total, screened, since last include, expected relevant → criteria met
    [1_000, 99, 50, 0.5, [false, true, true]],
    [1_000, 100, 49, 0.5, [true, false, true]],
    [1_000, 100, 50, 1, [true, true, false]],
    [1_000, 100, 50, 0.99, [true, true, true]],
    [1_000, 1_000, 500, undefined, [true, true, false]],
    [0, 0, 0, 0, [false, false, true]],
  ] as const)(
    '%i records, %i screened, %i since an include, %s expected → %j',
    (total, screened, sinceInclude, expectedRelevant, met) => {
      const advice = stoppingAdvice({ total, screened, sinceInclude, expectedRelevant })
      expect(advice.criteria.map((c) => c.met)).toEqual(met)
      expect(advice.met).toBe(met.every(Boolean))
    }
  )

  it('says each criterion with its numbers', () => {
    const advice = stoppingAdvice({
      total: 20_000,
      screened: 1_234,
      sinceInclude: 17,
      expectedRelevant: 41.6,
    })
    expect(advice.criteria.map((c) => c.text)).toEqual([
      'At least 10 % of your records screened (1,234 of 20,000; 2,000 needed)',
      'The last 400 records you screened were all excluded (17 so far)',
      'The model expects fewer than one relevant record among the rest (now about 40)',
    ])
    const early = stoppingAdvice({
      total: 10,
      screened: 1,
      sinceInclude: 60,
      expectedRelevant: undefined,
    })
    expect(early.criteria[1]!.text).toBe(
      'The last 50 records you screened were all excluded (50 so far)'
    )
  })

  it.each([
    [0, 'fewer than one'],
    [0.999, 'fewer than one'],
    [1, 'about 1'],
    [9.4, 'about 9'],
    [12.4, 'about 10'],
    [12.6, 'about 15'],
    [1234, 'about 1,235'],
  ])('puts an estimate of %d as “%s”', (x, words) => {
    expect(estimate(x)).toBe(words)
  })
})
