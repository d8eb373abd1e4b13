import { describe, expect, it } from 'vitest'
import {
  isSettled,
  latestBallots,
  outcome,
  validateVote,
  type Ballot,
  type Resolution,
  type Stage,
  type Status,
  type Vote,
} from '../../src/domain/screening.ts'

/** 'include', 'exclude:3' (reason 3) → ballots from users 1, 2, 3 ... */
function ballots(...votes: string[]): Ballot[] {
  return votes.map((v, i) => {
    const [vote, reason] = v.split(':')
    return { userId: i + 1, vote: vote as Vote, reasonId: reason ? Number(reason) : null, at: i }
  })
}

describe('validateVote', () => {
  it.each<[Stage, Vote, number | null, string | null]>([
    ['title_abstract', 'include', null, null],
    ['title_abstract', 'maybe', null, null],
    ['title_abstract', 'exclude', null, null],
    ['title_abstract', 'exclude', 4, null],
    ['title_abstract', 'include', 4, 'Only an exclusion carries a reason'],
    ['title_abstract', 'maybe', 4, 'Only an exclusion carries a reason'],
    ['title_abstract', 'not_retrieved', null, 'not a title/abstract decision'],
    ['full_text', 'include', null, null],
    ['full_text', 'exclude', 4, null],
    ['full_text', 'not_retrieved', null, null],
    ['full_text', 'exclude', null, 'Choose the reason for exclusion'],
    ['full_text', 'include', 4, 'Only an exclusion carries a reason'],
    ['full_text', 'not_retrieved', 4, 'Only an exclusion carries a reason'],
    ['full_text', 'maybe', null, 'not a full-text decision'],
  ])('%s %s reason %s → %s', (stage, vote, reason, message) => {
    const result = validateVote(stage, vote, reason)
    if (message === null) expect(result).toBeNull()
    else expect(result).toContain(message)
  })
})

describe('outcome at title/abstract', () => {
  it.each<[string[], 1 | 2, Status, number | null]>([
    [[], 2, 'pending', null],
    [['include'], 2, 'pending', null],
    [['exclude'], 2, 'pending', null],
    [['exclude', 'exclude'], 2, 'excluded', null],
    [['exclude:2', 'exclude:2'], 2, 'excluded', 2],
    // Reasons are optional at title/abstract: different ones still exclude the record.
    [['exclude:2', 'exclude:5'], 2, 'excluded', null],
    [['exclude:2', 'exclude'], 2, 'excluded', null],
    [['include', 'include'], 2, 'included', null],
    [['include', 'maybe'], 2, 'included', null],
    [['maybe', 'maybe'], 2, 'included', null],
    [['include', 'exclude'], 2, 'conflict', null],
    [['maybe', 'exclude'], 2, 'conflict', null],
    [['exclude', 'maybe'], 2, 'conflict', null],
    // Single screening: the one vote decides, maybe passes on.
    [[], 1, 'pending', null],
    [['include'], 1, 'included', null],
    [['maybe'], 1, 'included', null],
    [['exclude'], 1, 'excluded', null],
    // Two votes where one was needed (a switch to single mode): disagreement still goes to a resolver.
    [['include', 'exclude'], 1, 'conflict', null],
    [['exclude', 'exclude'], 1, 'excluded', null],
    // A third reviewer: unanimity decides, any disagreement is a conflict.
    [['include', 'maybe', 'include'], 2, 'included', null],
    [['exclude', 'exclude', 'exclude'], 2, 'excluded', null],
    [['include', 'include', 'exclude'], 2, 'conflict', null],
  ])('%j needing %i → %s', (votes, needed, status, reasonId) => {
    expect(outcome('title_abstract', ballots(...votes), needed)).toEqual({ status, reasonId })
  })
})

describe('outcome at full text', () => {
  it.each<[string[], 1 | 2, Status, number | null]>([
    [[], 2, 'pending', null],
    [['include'], 2, 'pending', null],
    [['exclude:1'], 2, 'pending', null],
    [['include', 'include'], 2, 'included', null],
    [['exclude:1', 'exclude:1'], 2, 'excluded', 1],
    // PRISMA counts one reason per report: two reasons are a conflict, not two exclusions.
    [['exclude:1', 'exclude:2'], 2, 'conflict', null],
    [['include', 'exclude:1'], 2, 'conflict', null],
    [['include'], 1, 'included', null],
    [['exclude:3'], 1, 'excluded', 3],
    [['exclude:3', 'exclude:3', 'exclude:3'], 2, 'excluded', 3],
    [['exclude:3', 'exclude:3', 'exclude:4'], 2, 'conflict', null],
    // Not retrieved is a team fact: one report of it settles the record, even in dual mode.
    [['not_retrieved'], 2, 'not_retrieved', null],
    [['not_retrieved'], 1, 'not_retrieved', null],
    [['not_retrieved', 'not_retrieved'], 2, 'not_retrieved', null],
    // ...but if someone else assessed it, the report was obtained: the resolver decides.
    [['not_retrieved', 'include'], 2, 'conflict', null],
    [['exclude:1', 'not_retrieved'], 2, 'conflict', null],
    [['not_retrieved', 'include'], 1, 'conflict', null],
  ])('%j needing %i → %s', (votes, needed, status, reasonId) => {
    expect(outcome('full_text', ballots(...votes), needed)).toEqual({ status, reasonId })
  })
})

describe('a resolution always wins', () => {
  it.each<[Stage, string[], Resolution, Status, number | null]>([
    [
      'title_abstract',
      ['include', 'exclude'],
      { vote: 'include', reasonId: null },
      'included',
      null,
    ],
    ['title_abstract', ['include', 'exclude'], { vote: 'maybe', reasonId: null }, 'included', null],
    [
      'title_abstract',
      ['include', 'exclude'],
      { vote: 'exclude', reasonId: null },
      'excluded',
      null,
    ],
    ['title_abstract', ['include', 'include'], { vote: 'exclude', reasonId: 2 }, 'excluded', 2],
    ['title_abstract', [], { vote: 'exclude', reasonId: null }, 'excluded', null],
    ['full_text', ['exclude:1', 'exclude:2'], { vote: 'exclude', reasonId: 2 }, 'excluded', 2],
    ['full_text', ['include', 'exclude:1'], { vote: 'include', reasonId: null }, 'included', null],
    [
      'full_text',
      ['include', 'not_retrieved'],
      { vote: 'not_retrieved', reasonId: null },
      'not_retrieved',
      null,
    ],
    ['full_text', ['include'], { vote: 'exclude', reasonId: 7 }, 'excluded', 7],
  ])('%s %j resolved %j → %s', (stage, votes, resolution, status, reasonId) => {
    expect(outcome(stage, ballots(...votes), 2, resolution)).toEqual({ status, reasonId })
  })

  it('a null resolution is no resolution', () => {
    expect(outcome('title_abstract', ballots('include', 'exclude'), 2, null).status).toBe(
      'conflict'
    )
  })
})

describe('invalid input is a broken invariant', () => {
  it.each<[Stage, Ballot[], Resolution | null]>([
    ['full_text', ballots('exclude'), null],
    ['full_text', ballots('maybe'), null],
    ['title_abstract', ballots('not_retrieved'), null],
    ['full_text', ballots('include', 'include'), { vote: 'exclude', reasonId: null }],
    ['title_abstract', ballots('include'), { vote: 'not_retrieved', reasonId: null }],
    ['title_abstract', [...ballots('include'), ...ballots('exclude')], null],
  ])('%s %j %j throws', (stage, latest, resolution) => {
    expect(() => outcome(stage, latest, 2, resolution)).toThrow()
  })
})

describe('latestBallots', () => {
  type H = Parameters<typeof latestBallots>[0][number]
  const h = (
    id: number,
    userId: number,
    vote: H['vote'],
    at: number,
    reasonId: number | null = null
  ): H => ({
    id,
    userId,
    vote,
    at,
    reasonId,
  })

  it.each<[string, H[], [number, Vote, number | null][]]>([
    ['empty history', [], []],
    ['one vote', [h(1, 7, 'include', 10)], [[7, 'include', null]]],
    [
      'a change of mind: the later vote counts',
      [h(1, 7, 'include', 10), h(2, 7, 'exclude', 20, 3)],
      [[7, 'exclude', 3]],
    ],
    [
      'order is by time, not input order',
      [h(2, 7, 'exclude', 20), h(1, 7, 'include', 10)],
      [[7, 'exclude', null]],
    ],
    [
      'same millisecond: the higher id is later',
      [h(5, 7, 'maybe', 10), h(4, 7, 'include', 10)],
      [[7, 'maybe', null]],
    ],
    ['withdrawn removes the ballot', [h(1, 7, 'include', 10), h(2, 7, 'withdrawn', 20)], []],
    [
      'withdrawn does not restore the earlier vote',
      [h(1, 7, 'include', 1), h(2, 7, 'exclude', 2), h(3, 7, 'withdrawn', 3)],
      [],
    ],
    [
      'a vote after withdrawing counts',
      [h(1, 7, 'include', 1), h(2, 7, 'withdrawn', 2), h(3, 7, 'exclude', 3)],
      [[7, 'exclude', null]],
    ],
    [
      'users kept apart, sorted by id',
      [h(1, 9, 'exclude', 1), h(2, 3, 'include', 2), h(3, 9, 'withdrawn', 3), h(4, 5, 'maybe', 4)],
      [
        [3, 'include', null],
        [5, 'maybe', null],
      ],
    ],
  ])('%s', (_, history, expected) => {
    const got = latestBallots(history).map((b) => [b.userId, b.vote, b.reasonId])
    expect(got).toEqual(expected)
  })

  it('keeps the time of the counted ballot', () => {
    expect(latestBallots([h(1, 7, 'include', 10), h(2, 7, 'maybe', 25)])).toEqual([
      { userId: 7, vote: 'maybe', reasonId: null, at: 25 },
    ])
  })
})

describe('isSettled', () => {
  it.each<[Status, boolean]>([
    ['pending', false],
    ['conflict', false],
    ['included', true],
    ['excluded', true],
    ['not_retrieved', true],
  ])('%s → %s', (status, settled) => {
    expect(isSettled(status)).toBe(settled)
  })
})
