import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  prismaCounts,
  prismaInvariants,
  prismaRows,
  type Prisma,
  type PrismaInput,
} from '../../src/domain/prisma.ts'
import {
  latestBallots,
  outcome,
  type HistoryEntry,
  type Resolution,
  type Stage,
  type Status,
} from '../../src/domain/screening.ts'

// A review as the lead would see it; every total checked by hand below.
const review: PrismaInput = {
  sources: [
    { name: 'Scopus', kind: 'database', records: 100 },
    { name: 'Web of Science', kind: 'database', records: 80 },
    { name: 'PsycINFO', kind: 'database', records: 50 },
    { name: 'Scopus', kind: 'database', records: 20 }, // a second Scopus import adds up
    { name: 'ClinicalTrials.gov', kind: 'register', records: 10 },
  ],
  duplicates: 58,
  automationRemoved: 0,
  otherRemoved: 2,
  titleAbstract: { pending: 6, conflicts: 4, excluded: 150, included: 40 },
  fullText: {
    pending: 2,
    conflicts: 1,
    notRetrieved: 3,
    excludedByReason: [
      { reason: 'Wrong population', n: 12 },
      { reason: 'Wrong concept', n: 8 },
      { reason: 'Not a study', n: 5 },
    ],
    included: 9,
  },
}

const expected: Prisma = {
  identification: {
    databases: { Scopus: 120, 'Web of Science': 80, PsycINFO: 50 },
    registers: { 'ClinicalTrials.gov': 10 },
    records_identified: 260, // 120 + 80 + 50 + 10
    duplicates_removed: 58,
    automation_removed: 0,
    other_removed: 2,
  },
  screening: {
    records_screened: 200, // 6 + 4 + 150 + 40 = 260 − 58 − 0 − 2
    records_excluded: 150,
    reports_sought: 40, // = 3 not retrieved + 34 assessed + 3 pending full text
    reports_not_retrieved: 3,
    reports_assessed: 34, // 12 + 8 + 5 excluded + 9 included
    reports_excluded: { 'Wrong population': 12, 'Wrong concept': 8, 'Not a study': 5 },
  },
  included: { studies: 9, reports: 9 },
  // title/abstract: 6 awaiting + 4 conflicts; full text: 2 awaiting + 1 conflict; of which 5 conflicts
  pending: { title_abstract: 10, conflicts: 5, full_text: 3 },
}

describe('prismaCounts', () => {
  it('computes every box of a hand-checked review', () => {
    const p = prismaCounts(review)
    expect(p).toEqual(expected)
    expect(JSON.parse(JSON.stringify(p))).toEqual(expected)
    expect(prismaInvariants(p)).toEqual([])
  })

  it('an empty project is all zeros and adds up', () => {
    const p = prismaCounts({
      sources: [],
      duplicates: 0,
      automationRemoved: 0,
      otherRemoved: 0,
      titleAbstract: { pending: 0, conflicts: 0, excluded: 0, included: 0 },
      fullText: { pending: 0, conflicts: 0, notRetrieved: 0, excludedByReason: [], included: 0 },
    })
    expect(p.identification.databases).toEqual({})
    expect(prismaRows(p).every(([, n]) => n === 0)).toBe(true)
    expect(prismaInvariants(p)).toEqual([])
  })

  it('a source named __proto__ is data, not a prototype', () => {
    const p = prismaCounts({
      ...review,
      sources: [{ name: '__proto__', kind: 'database', records: 3 }],
    })
    expect(Object.keys(p.identification.databases)).toEqual(['__proto__'])
    expect(JSON.stringify(p.identification.databases)).toBe('{"__proto__":3}')
  })
})

describe('prismaRows', () => {
  it('lists the boxes in the JSON order with dotted names', () => {
    expect(prismaRows(expected)).toEqual([
      ['identification.databases.Scopus', 120],
      ['identification.databases.Web of Science', 80],
      ['identification.databases.PsycINFO', 50],
      ['identification.registers.ClinicalTrials.gov', 10],
      ['identification.records_identified', 260],
      ['identification.duplicates_removed', 58],
      ['identification.automation_removed', 0],
      ['identification.other_removed', 2],
      ['screening.records_screened', 200],
      ['screening.records_excluded', 150],
      ['screening.reports_sought', 40],
      ['screening.reports_not_retrieved', 3],
      ['screening.reports_assessed', 34],
      ['screening.reports_excluded.Wrong population', 12],
      ['screening.reports_excluded.Wrong concept', 8],
      ['screening.reports_excluded.Not a study', 5],
      ['included.studies', 9],
      ['included.reports', 9],
      ['pending.title_abstract', 10],
      ['pending.conflicts', 5],
      ['pending.full_text', 3],
    ])
  })
})

/** `expected` with one box changed. */
function tamper(change: (p: Prisma) => void): Prisma {
  const p = structuredClone(expected)
  change(p)
  return p
}

describe('prismaInvariants', () => {
  it.each<[string, Prisma, RegExp[]]>([
    [
      'a database count off',
      tamper((p) => (p.identification.databases.Scopus = 121)),
      [/databases \+ registers \(261\) ≠ records identified \(260\)/],
    ],
    [
      'one duplicate too many',
      tamper((p) => (p.identification.duplicates_removed = 59)),
      [/identified − duplicates − removed \(199\) ≠ records screened \(200\)/],
    ],
    [
      'a title/abstract exclusion lost',
      tamper((p) => (p.screening.records_excluded = 149)),
      [/excluded \+ sought \+ pending title\/abstract \(199\)/],
    ],
    [
      'a full-text conflict left out of pending',
      tamper((p) => (p.pending.full_text = 2)),
      [/not retrieved \+ assessed \+ pending full text \(39\) ≠ reports sought \(40\)/],
    ],
    [
      'a reason counted twice',
      tamper((p) => (p.screening.reports_excluded['Wrong concept'] = 9)),
      [/reports excluded \+ included \(35\) ≠ reports assessed \(34\)/],
    ],
    [
      'more studies than reports',
      tamper((p) => (p.included.studies = 10)),
      [/included studies \(10\) > included reports \(9\)/],
    ],
    [
      'more conflicts than pending work',
      tamper((p) => (p.pending.conflicts = 14)),
      [/conflicts \(14\) > pending/],
    ],
    [
      'a negative count',
      tamper((p) => (p.identification.automation_removed = -1)),
      [/automation_removed = -1 is not a count/, /identified − duplicates − removed \(201\)/],
    ],
    [
      'a fraction',
      tamper((p) => (p.included.reports = 8.5)),
      [
        /included.reports = 8.5 is not a count/,
        /reports excluded \+ included \(33.5\)/,
        /included studies \(9\) > included reports \(8.5\)/,
      ],
    ],
  ])('%s', (_, p, messages) => {
    const broken = prismaInvariants(p)
    expect(broken).toHaveLength(messages.length)
    messages.forEach((m, i) => expect(broken[i]).toMatch(m))
  })
})

// ── property: random decision histories always add up ──────────────────────────────────────

type Fate = 'unique' | 'duplicate' | 'automation' | 'other'
const reviewers = fc.integer({ min: 1, max: 3 })
const reason = fc.integer({ min: 1, max: 4 })

/** A valid ballot history for one stage: votes, changes of mind and undos by 2–3 reviewers. */
function history(stage: Stage): fc.Arbitrary<Omit<HistoryEntry, 'id' | 'at'>[]> {
  const ballot =
    stage === 'title_abstract'
      ? fc.oneof(
          fc.record({
            vote: fc.constantFrom('include' as const, 'maybe' as const),
            reasonId: fc.constant(null),
          }),
          fc.record({ vote: fc.constant('exclude' as const), reasonId: fc.option(reason) })
        )
      : fc.oneof(
          fc.record({
            vote: fc.constantFrom('include' as const, 'not_retrieved' as const),
            reasonId: fc.constant(null),
          }),
          fc.record({ vote: fc.constant('exclude' as const), reasonId: reason })
        )
  const entry = fc.oneof(
    { weight: 5, arbitrary: ballot },
    { weight: 1, arbitrary: fc.constant({ vote: 'withdrawn' as const, reasonId: null }) }
  )
  return fc.array(
    fc.tuple(reviewers, entry).map(([userId, e]) => ({ userId, ...e })),
    { maxLength: 5 }
  )
}

function resolution(stage: Stage): fc.Arbitrary<Resolution | null> {
  const vote =
    stage === 'title_abstract'
      ? fc.constantFrom<Resolution>(
          { vote: 'include', reasonId: null },
          { vote: 'exclude', reasonId: null }
        )
      : fc.oneof(
          fc.constantFrom<Resolution>(
            { vote: 'include', reasonId: null },
            { vote: 'not_retrieved', reasonId: null }
          ),
          reason.map((r): Resolution => ({ vote: 'exclude', reasonId: r }))
        )
  return fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: vote })
}

function decide(
  stage: Stage,
  entries: Omit<HistoryEntry, 'id' | 'at'>[],
  needed: 1 | 2,
  res: Resolution | null
) {
  const latest = latestBallots(entries.map((e, i) => ({ ...e, id: i + 1, at: 1000 + i })))
  return outcome(stage, latest, needed, res)
}

const record = fc.record({
  source: fc.nat({ max: 3 }),
  fate: fc.constantFrom<Fate>(
    'unique',
    'unique',
    'unique',
    'unique',
    'duplicate',
    'automation',
    'other'
  ),
  needed: fc.constantFrom<1 | 2>(1, 2),
  ta: history('title_abstract'),
  taResolution: resolution('title_abstract'),
  ft: history('full_text'),
  ftResolution: resolution('full_text'),
})
const sources = fc.array(
  fc.record({
    name: fc.constantFrom('Scopus', 'Web of Science', 'ERIC', 'ISRCTN'),
    kind: fc.constantFrom<'database' | 'register'>('database', 'register'),
  }),
  { minLength: 4, maxLength: 4 }
)

describe('PRISMA over random decision histories', () => {
  it('the invariants always hold and the counts match the records', () => {
    fc.assert(
      fc.property(sources, fc.array(record, { maxLength: 60 }), (srcs, records) => {
        const count = (s: Status[], status: Status) => s.filter((x) => x === status).length
        const ta: Status[] = []
        const ft: Status[] = []
        const reasons = new Map<string, number>()
        for (const r of records.filter((r) => r.fate === 'unique')) {
          const t = decide('title_abstract', r.ta, r.needed, r.taResolution)
          ta.push(t.status)
          if (t.status !== 'included') continue
          const f = decide('full_text', r.ft, r.needed, r.ftResolution)
          ft.push(f.status)
          if (f.status === 'excluded') {
            expect(f.reasonId).not.toBeNull()
            const name = `Reason ${f.reasonId}`
            reasons.set(name, (reasons.get(name) ?? 0) + 1)
          }
        }
        expect(count(ta, 'not_retrieved')).toBe(0)
        const input: PrismaInput = {
          sources: srcs.map((s, i) => ({
            ...s,
            records: records.filter((r) => r.source === i).length,
          })),
          duplicates: records.filter((r) => r.fate === 'duplicate').length,
          automationRemoved: records.filter((r) => r.fate === 'automation').length,
          otherRemoved: records.filter((r) => r.fate === 'other').length,
          titleAbstract: {
            pending: count(ta, 'pending'),
            conflicts: count(ta, 'conflict'),
            excluded: count(ta, 'excluded'),
            included: count(ta, 'included'),
          },
          fullText: {
            pending: count(ft, 'pending'),
            conflicts: count(ft, 'conflict'),
            notRetrieved: count(ft, 'not_retrieved'),
            excludedByReason: [...reasons].map(([reason, n]) => ({ reason, n })),
            included: count(ft, 'included'),
          },
        }
        const p = prismaCounts(input)
        expect(prismaInvariants(p)).toEqual([])
        expect(p.identification.records_identified).toBe(records.length)
        expect(p.screening.records_screened).toBe(ta.length)
        expect(p.pending.conflicts).toBe(count(ta, 'conflict') + count(ft, 'conflict'))
        expect(p.included.reports).toBe(count(ft, 'included'))
      }),
      { numRuns: 500 }
    )
  })

  it('a count that goes astray in any box is caught', () => {
    const changeable = prismaRows(expected)
      .map(([box]) => box)
      // "of which conflicts" is bounded, not summed: +1 may still fit under the bound.
      .filter((box) => box !== 'pending.conflicts')
    fc.assert(
      fc.property(fc.constantFrom(...changeable), fc.integer({ min: 1, max: 50 }), (box, delta) => {
        const [group = '', key = '', ...rest] = box.split('.')
        const p = structuredClone(expected)
        const boxes = (p as unknown as Record<string, Record<string, unknown>>)[group]!
        if (rest.length === 0) boxes[key] = (boxes[key] as number) + delta
        else {
          const named = boxes[key] as Record<string, number>
          const name = rest.join('.')
          named[name] = named[name]! + delta
        }
        expect(prismaInvariants(p)).not.toEqual([])
      })
    )
  })
})
