// Edge cases, one fixture each (fixtures/ris/edge-*.ris): every record and every warning.
import { describe, expect, it } from 'vitest'
import { endOf, fieldsOf, fixture, parse, recordsOf, text, warningsOf } from './bib-helpers.ts'

const EMPTY = {
  type: 'JOUR',
  abstract: null,
  authors: [],
  year: null,
  journal: null,
  doi: null,
  keywords: [],
  database: null,
}

type Case = {
  encoding?: string
  records: [number, Partial<ReturnType<typeof fieldsOf>>][] // [startLine, fields]
  warnings: [number | null, RegExp][]
  lines: number
}

const CASES: Record<string, Case> = {
  'edge-missing-er.ris': {
    records: [
      [1, { title: 'A record whose ER line is missing', authors: ['Okafor, Ada'], year: 2020 }],
      [5, { title: 'The record after it, complete', year: 2021 }],
      [10, { title: 'The last record, cut off before its ER', year: 2022 }],
    ],
    warnings: [
      [1, /record starting on line 1 has no ER; it ends before the TY on line 5/],
      [10, /record starting on line 10 has no ER before the end of the file/],
    ],
    lines: 12,
  },
  'edge-bom-first-record.ris': {
    encoding: 'utf-8-bom',
    records: [
      [
        1,
        {
          title: 'The first record, right after the byte order mark',
          authors: ['Haddad, Omar'],
          year: 2018,
        },
      ],
      [6, { title: 'A second export pasted on, with its own byte order mark', year: 2019 }],
    ],
    warnings: [],
    lines: 9,
  },
  'edge-tag-before-ty.ris': {
    records: [
      [
        1,
        {
          type: null,
          title: 'An orphan record whose TY line was cut off',
          authors: ['Nakamura, Hiro'],
          year: 2017,
        },
      ],
      [4, { title: 'A normal record', year: 2018 }],
      [9, { type: null, title: 'A record in the middle without a TY line', year: 2019 }],
    ],
    warnings: [
      [1, /tag lines before the first TY \(line 4\) are kept as a record without a type/],
      [9, /record starting on line 9 has no TY; it is kept without a type/],
    ],
    lines: 11,
  },
  'edge-cp1252.ris': {
    encoding: 'windows-1252',
    records: [
      [
        1,
        {
          title: 'Naïve “usual care” – a cost of €40 per patient',
          authors: ['Müller, Jürgen', 'Côté, Hélène'],
          abstract: 'Schröder and colleagues compared café-based support.',
          year: 2016,
        },
      ],
    ],
    warnings: [],
    lines: 7,
  },
  'edge-cr-only.ris': {
    records: [
      [
        1,
        {
          title: 'A record from a classic Mac OS export',
          abstract: 'Lines end with a carriage return only.',
          authors: ['Quinn, Rosa'],
          year: 1998,
        },
      ],
      [9, { type: 'BOOK', title: 'Second' }],
    ],
    warnings: [],
    lines: 11,
  },
  'edge-cr-cr-lf.ris': {
    records: [
      [
        1,
        {
          title: 'A Citavi-style record',
          abstract: 'The abstract was wrapped with CR CR LF breaks inside it.',
          year: 2024,
        },
      ],
    ],
    warnings: [],
    lines: 7,
  },
  'edge-blank-lines-in-record.ris': {
    records: [
      [
        1,
        {
          title: 'Blank lines inside a record',
          abstract:
            'The first paragraph of the abstract and its second paragraph after a blank line.',
          keywords: ['first keyword', 'second keyword'],
          year: 2015,
        },
      ],
    ],
    warnings: [],
    lines: 13,
  },
  'edge-continuation.ris': {
    records: [
      [
        1,
        {
          title: 'A title wrapped onto a second, indented line',
          authors: ['Tanaka, Yuki', 'Santos, Ines'],
          abstract:
            'An abstract hard-wrapped at seventy-six characters by the exporter, over three lines.',
          keywords: ['Humans', 'Anti-Inflammatory Agents/*pharmacology', 'Boswellia/*chemistry'],
          doi: '10.1002/ar.25520',
          database: 'Embase',
          year: 2024,
        },
      ],
    ],
    warnings: [],
    lines: 22,
  },
  'edge-tag-spacing.ris': {
    records: [
      [
        1,
        { title: 'One space before the hyphen, two after', authors: ['Larsen, Sven'], year: 2012 },
      ],
      [8, { title: 'Second record, ER with two trailing spaces' }],
      [11, { title: 'Third record, ER with one trailing space' }],
    ],
    warnings: [],
    lines: 13,
  },
  'edge-junk-outside.ris': {
    records: [
      [6, { title: 'First record' }],
      [15, { title: 'Second record' }],
    ],
    warnings: [
      [9, /^line outside a record ignored: NL {2}- Clin Psychol Psychother Link to the Ovid/],
      [18, /^ER outside a record ignored$/],
      [2, /^2 untagged lines outside any record ignored \(first on line 2: "Provider: John Wiley/],
    ],
    lines: 18,
  },
  'edge-doi-in-ur.ris': {
    records: [
      [1, { title: 'DOI only in a Scopus URL, URL-encoded', doi: '10.1038/s41467-024-46843-2' }],
      [
        5,
        {
          title: 'DOI only in L3, with M3 holding the article type',
          doi: '10.1371/journal.pone.0298242',
        },
      ],
      [10, { title: 'DOI in N1 text', doi: '10.2165/11586800-000000000-00000' }],
      [
        15,
        {
          title: 'DOI as an upper-case doi.org link with a trailing full stop',
          doi: '10.1016/s0140-6736(20)30183-5',
        },
      ],
      [19, { title: 'DO holds no DOI; the second UR holds one', doi: '10.1002/jts.22387' }],
    ],
    warnings: [],
    lines: 24,
  },
}

const UNICODE = {
  title: 'Naïve Bayes for α-synuclein screening in São Paulo 🦕',
  authors: ['Müller, Zoë', 'Dvořák, Jan'],
  abstract: 'Résumé: “smart quotes”, an en dash – and a CJK 漢字 run.',
  year: 2021,
  doi: '10.1000/äbc.1',
}
for (const [file, encoding] of [
  ['edge-utf16le.ris', 'utf-16le'],
  ['edge-utf16be.ris', 'utf-16be'],
  ['edge-utf16le-nobom.ris', 'utf-16le'],
  ['edge-utf16be-nobom.ris', 'utf-16be'],
] as const) {
  CASES[file] = {
    encoding,
    records: [
      [1, UNICODE],
      [10, { type: 'CHAP', title: 'Second record' }],
    ],
    warnings: [],
    lines: 12,
  }
}

describe.each(Object.entries(CASES))('%s', (file, want) => {
  it('gives exactly the expected records and warnings, with line numbers', async () => {
    const events = await parse(fixture(file))
    expect(events[0]).toEqual({ kind: 'format', format: 'ris', encoding: want.encoding ?? 'utf-8' })
    const records = recordsOf(events)
    expect(records.map((r) => r.startLine)).toEqual(want.records.map(([line]) => line))
    records.forEach((r, i) => {
      expect(r.position).toBe(i + 1)
      expect(fieldsOf(r)).toEqual({ ...EMPTY, ...want.records[i]![1] })
    })
    const warnings = warningsOf(events)
    expect(warnings.map((w) => w.line)).toEqual(want.warnings.map(([line]) => line))
    warnings.forEach((w, i) => expect(w.message).toMatch(want.warnings[i]![1]))
    expect(endOf(events)).toEqual({
      kind: 'end',
      records: records.length,
      warnings: warnings.length,
      lines: want.lines,
    })
  })

  it.each([1, 2, 3, 5, 64])('gives the same events in %i-byte chunks', async (size) => {
    expect(await parse(fixture(file), size)).toEqual(await parse(fixture(file)))
  })
})

describe('raw tags', () => {
  it('keep every tag in order, empty values and continuation values included', async () => {
    const [first] = recordsOf(await parse(fixture('edge-tag-spacing.ris')))
    expect(first!.raw).toEqual([
      ['TY', 'JOUR'],
      ['TI', 'One space before the hyphen, two after'],
      ['AU', 'Larsen, Sven'],
      ['PB', ''],
      ['AN', ''],
      ['PY', '2012'],
    ])
    const [cont] = recordsOf(await parse(fixture('edge-continuation.ris')))
    expect(cont!.raw.slice(0, 5)).toEqual([
      ['TY', 'JOUR'],
      ['TI', 'A title wrapped onto a second, indented line'],
      ['AU', 'Tanaka, Yuki'],
      ['AU', 'Santos, Ines'],
      [
        'AB',
        'An abstract hard-wrapped at seventy-six characters by the exporter, over three lines.',
      ],
    ])
    expect(cont!.raw.filter(([t]) => t === 'N1')).toEqual([
      ['N1', '1179-1926 Journal Article Review'],
    ])
    expect(cont!.raw.filter(([t]) => t === 'UR').map(([, v]) => v)).toEqual([
      'https://example.org/record/1',
      'http://dx.doi.org/10.1002/ar.25520',
    ])
  })
})

describe('record ends', () => {
  it('a bare ER line still ends the record', async () => {
    const events = await parse(text('TY  - JOUR\nTI  - One\nER\nTY  - JOUR\nTI  - Two\nER  - \n'))
    expect(recordsOf(events).map((r) => [r.startLine, r.title, r.raw.length])).toEqual([
      [1, 'One', 2],
      [4, 'Two', 2],
    ])
    expect(warningsOf(events)).toEqual([])
  })

  it('text after ER is reported, not lost', async () => {
    const events = await parse(text('TY  - JOUR\nTI  - One\nER  - stray\n'))
    expect(recordsOf(events)).toHaveLength(1)
    expect(warningsOf(events)).toEqual([{ line: 3, message: 'text after ER ignored: "stray"' }])
  })

  it('a record without a title is kept, with a warning', async () => {
    const events = await parse(text('TY  - JOUR\nAB  - Only an abstract\nER  - \n'))
    expect(recordsOf(events)[0]).toMatchObject({ title: null, abstract: 'Only an abstract' })
    expect(warningsOf(events)).toEqual([{ line: 1, message: 'record 1 (line 1) has no title' }])
  })
})
