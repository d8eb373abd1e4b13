import { describe, expect, it } from 'vitest'
import { normaliseNbib } from '../../src/domain/nbib.ts'
import { endOf, fieldsOf, fixture, parse, recordsOf, text, warningsOf } from './bib-helpers.ts'

describe('MEDLINE (.nbib)', () => {
  it('reads PubMed records with wrapped lines', async () => {
    const events = await parse(fixture('pubmed.nbib'))
    expect(events[0]).toEqual({ kind: 'format', format: 'nbib', encoding: 'utf-8' })
    const [first, second] = recordsOf(events)
    expect(first!.startLine).toBe(2)
    expect(fieldsOf(first!)).toEqual({
      type: 'JOUR',
      title:
        'Walking groups for older adults with chronic pain: a pragmatic randomised controlled trial.',
      abstract:
        'BACKGROUND: Walking groups are cheap. METHODS: We randomised 120 adults aged 65 or over. RESULTS: Pain fell. CONCLUSIONS: Walking groups help.',
      authors: ['Okafor, Ada', 'Lindqvist, Sven'],
      year: 2023,
      journal: 'Journal of Invented Health Research',
      doi: '10.1000/wg.2023.001',
      keywords: ['Aged', 'Chronic Pain/*therapy', 'walking'],
      database: null,
    })
    expect(first!.raw.slice(0, 3)).toEqual([
      ['PMID', '40000001'],
      ['OWN', 'NLM'],
      ['STAT', 'MEDLINE'],
    ])
    expect(second).toMatchObject({ startLine: 28, type: 'CHAP', doi: null, year: 2022 })
    expect(warningsOf(events)).toEqual([])
    expect(endOf(events)).toMatchObject({ records: 2, lines: 34 })
  })

  it('keeps tags before the first PMID as a record, with a warning', async () => {
    const events = await parse(text('\nTI  - No PMID here\nAU  - X\n\nPMID- 1\nTI  - Next\n'))
    expect(events[0]).toMatchObject({ format: 'nbib' })
    expect(recordsOf(events).map((r) => [r.startLine, r.title])).toEqual([
      [2, 'No PMID here'],
      [5, 'Next'],
    ])
    expect(warningsOf(events)).toEqual([
      { line: 2, message: 'the record starting on line 2 has no PMID line; it is kept' },
    ])
  })
})

describe('normaliseNbib', () => {
  it.each<[string, [string, string][], Partial<ReturnType<typeof normaliseNbib>>]>([
    [
      'FAU preferred to AU',
      [
        ['AU', 'Okafor A'],
        ['FAU', 'Okafor, Ada'],
      ],
      { authors: ['Okafor, Ada'] },
    ],
    [
      'AU when there is no FAU',
      [
        ['AU', 'Okafor A'],
        ['AU', 'Lind S'],
      ],
      { authors: ['Okafor A', 'Lind S'] },
    ],
    [
      'JT preferred to TA',
      [
        ['TA', 'J Abbr'],
        ['JT', 'Journal Full'],
      ],
      { journal: 'Journal Full' },
    ],
    [
      'the [doi] AID, not the [pii]',
      [
        ['AID', 'S0140-6736(20)30183-5 [pii]'],
        ['AID', '10.1016/S0140-6736(20)30183-5 [doi]'],
      ],
      { doi: '10.1016/s0140-6736(20)30183-5' },
    ],
    ['LID with [doi]', [['LID', '10.1000/x [doi]']], { doi: '10.1000/x' }],
    ['year from DP', [['DP', '2011 Jun 15']], { year: 2011 }],
    [
      'year from DEP when DP has none',
      [
        ['DP', 'Spring'],
        ['DEP', '20190301'],
      ],
      { year: 2019 },
    ],
    [
      'MH and OT are keywords',
      [
        ['OT', 'walking'],
        ['MH', 'Aged'],
      ],
      { keywords: ['Aged', 'walking'] },
    ],
    ['a review is a journal article', [['PT', 'Review']], { type: 'JOUR' }],
    ['a book', [['PT', 'Book']], { type: 'BOOK' }],
  ])('%s', (_, raw, want) => {
    expect(normaliseNbib(raw)).toMatchObject(want)
  })
})
