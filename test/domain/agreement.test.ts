import { describe, expect, it } from 'vitest'
import { cohensKappa, pairAgreement, type AgreementBallot } from '../../src/domain/agreement.ts'
import type { Vote } from '../../src/domain/screening.ts'

describe('cohensKappa', () => {
  // Each value worked by hand: κ = (pₒ − pₑ) / (1 − pₑ), pₑ from the reviewers' marginals.
  it.each<[string, [number, number, number, number], number | null]>([
    // pₒ = 35/50 = .70; A yes .50, B yes .60; pₑ = .30 + .20 = .50; κ = .20/.50
    ['classic 20/5/10/15', [20, 5, 10, 15], 0.4],
    // pₒ = .60; A yes .60, B yes .70; pₑ = .42 + .12 = .54; κ = .06/.46
    ['45/15/25/15', [45, 15, 25, 15], 0.06 / 0.46],
    // pₒ = .60; A yes .60, B yes .30; pₑ = .18 + .28 = .46; κ = .14/.54
    ['25/35/5/35', [25, 35, 5, 35], 0.14 / 0.54],
    ['perfect agreement, both categories used', [10, 0, 0, 10], 1],
    ['total disagreement', [0, 5, 5, 0], -1],
    // pₒ = pₑ = .50: agreement no better than chance
    ['independent reviewers', [25, 25, 25, 25], 0],
    // The kappa paradox: pₒ = .90 but pₑ = 1·.9 + 0·.1 = .90, so κ = 0
    ['high agreement, skewed marginals', [9, 1, 0, 0], 0],
    // pₑ = 1: 0/0, undefined (not 1) even though pₒ = 1
    ['every record excluded by both', [0, 0, 0, 12], null],
    ['every record passed by both', [7, 0, 0, 0], null],
    ['no records', [0, 0, 0, 0], null],
  ])('%s → %s', (_, [yesYes, yesNo, noYes, noNo], expected) => {
    const kappa = cohensKappa({ yesYes, yesNo, noYes, noNo })
    if (expected === null) expect(kappa).toBeNull()
    else expect(kappa).toBeCloseTo(expected, 12)
  })

  it('is exact for the classic example (counts, no rounding)', () => {
    expect(cohensKappa({ yesYes: 20, yesNo: 5, noYes: 10, noNo: 15 })).toBe(0.4)
  })

  it('is symmetric in the two reviewers', () => {
    expect(cohensKappa({ yesYes: 45, yesNo: 25, noYes: 15, noNo: 15 })).toBe(
      cohensKappa({ yesYes: 45, yesNo: 15, noYes: 25, noNo: 15 })
    )
  })
})

/** Ballots for two reviewers from a 2×2 table, records numbered from `first`. */
function fromTable(a: number, b: number, cells: [number, number, number, number], first = 1) {
  const out: AgreementBallot[] = []
  const pairs: [Vote, Vote][] = [
    ['include', 'include'],
    ['include', 'exclude'],
    ['exclude', 'include'],
    ['exclude', 'exclude'],
  ]
  let record = first
  cells.forEach((n, i) => {
    for (let k = 0; k < n; k++, record++) {
      out.push({ recordId: record, userId: a, vote: pairs[i]![0] })
      out.push({ recordId: record, userId: b, vote: pairs[i]![1] })
    }
  })
  return out
}

describe('pairAgreement', () => {
  it('reproduces the classic example from ballots', () => {
    const [pair, ...rest] = pairAgreement(fromTable(1, 2, [20, 5, 10, 15]))
    expect(rest).toEqual([])
    expect(pair).toEqual({
      reviewers: [1, 2],
      bothScreened: 50,
      agreement: 0.7,
      kappa: 0.4,
      table: { yesYes: 20, yesNo: 5, noYes: 10, noNo: 15 },
    })
  })

  it('orients the table by the lower id, whatever the input order', () => {
    const [pair] = pairAgreement(fromTable(9, 4, [3, 2, 1, 4]))
    expect(pair?.reviewers).toEqual([4, 9])
    expect(pair?.table).toEqual({ yesYes: 3, yesNo: 1, noYes: 2, noNo: 4 })
  })

  it.each<[string, AgreementBallot[], [number, number, number, number, number]]>([
    [
      'maybe counts with include',
      [
        { recordId: 1, userId: 1, vote: 'maybe' },
        { recordId: 1, userId: 2, vote: 'include' },
        { recordId: 2, userId: 1, vote: 'exclude' },
        { recordId: 2, userId: 2, vote: 'maybe' },
      ],
      [1, 0, 1, 0, 2],
    ],
    [
      'records only one reviewer screened are left out',
      [
        { recordId: 1, userId: 1, vote: 'include' },
        { recordId: 1, userId: 2, vote: 'include' },
        { recordId: 2, userId: 1, vote: 'exclude' },
        { recordId: 3, userId: 2, vote: 'exclude' },
      ],
      [1, 0, 0, 0, 1],
    ],
    [
      'not retrieved is not a screening judgement',
      [
        { recordId: 1, userId: 1, vote: 'not_retrieved' },
        { recordId: 1, userId: 2, vote: 'include' },
        { recordId: 2, userId: 1, vote: 'exclude' },
        { recordId: 2, userId: 2, vote: 'exclude' },
      ],
      [0, 0, 0, 1, 1],
    ],
  ])('%s', (_, input, [yesYes, yesNo, noYes, noNo, both]) => {
    const [pair] = pairAgreement(input)
    expect(pair?.table).toEqual({ yesYes, yesNo, noYes, noNo })
    expect(pair?.bothScreened).toBe(both)
  })

  it('lists every overlapping pair of three reviewers, sorted', () => {
    const input = [
      ...fromTable(3, 1, [4, 1, 1, 4], 1),
      ...fromTable(2, 3, [2, 0, 0, 2], 100),
      ...fromTable(1, 2, [1, 0, 0, 0], 200),
    ]
    // A record all three screened adds to all three pairs.
    input.push(
      { recordId: 300, userId: 1, vote: 'exclude' },
      { recordId: 300, userId: 2, vote: 'exclude' },
      { recordId: 300, userId: 3, vote: 'include' }
    )
    const pairs = pairAgreement(input)
    expect(pairs.map((p) => [p.reviewers, p.bothScreened])).toEqual([
      [[1, 2], 2],
      [[1, 3], 11],
      [[2, 3], 5],
    ])
    // 1–2: one both-include, one both-exclude: pₒ = 1, pₑ = .5 → κ = 1
    expect(pairs[0]?.kappa).toBe(1)
    // 1–3: table 4/1/2/4 (record 300: 1 excludes, 3 includes); hand: n = 11, a = 8,
    // S = 5·6 + 6·5 = 60, κ = (88 − 60) / (121 − 60) = 28/61
    expect(pairs[1]?.table).toEqual({ yesYes: 4, yesNo: 1, noYes: 2, noNo: 4 })
    expect(pairs[1]?.kappa).toBeCloseTo(28 / 61, 12)
    expect(pairs[1]?.agreement).toBeCloseTo(8 / 11, 12)
  })

  it('no overlap, no pairs', () => {
    expect(pairAgreement([{ recordId: 1, userId: 1, vote: 'include' }])).toEqual([])
    expect(pairAgreement([])).toEqual([])
  })

  it('two ballots by one reviewer on one record is a broken invariant', () => {
    expect(() =>
      pairAgreement([
        { recordId: 1, userId: 1, vote: 'include' },
        { recordId: 1, userId: 1, vote: 'exclude' },
      ])
    ).toThrow(/two ballots/)
  })
})
