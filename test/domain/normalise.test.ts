import { describe, expect, it } from 'vitest'
import {
  collapse,
  findDoi,
  findYear,
  isCopyrightNotice,
  normaliseRis,
} from '../../src/domain/normalise.ts'

describe('findDoi', () => {
  it.each<[string, string | null]>([
    ['10.1002/ar.25520', '10.1002/ar.25520'],
    ['  10.1002/AR.25520 ', '10.1002/ar.25520'],
    ['https://doi.org/10.1038/s41467-024-48400-3', '10.1038/s41467-024-48400-3'],
    ['http://dx.doi.org/10.1002/cpp.2398', '10.1002/cpp.2398'],
    ['https://dx.doi.org/10.1002/cpp.2398', '10.1002/cpp.2398'],
    ['doi:10.2165/11586800-000000000-00000', '10.2165/11586800-000000000-00000'],
    ['DOI: 10.1000/XYZ123.', '10.1000/xyz123'],
    ['https://doi.org/10.1016/S0140-6736(20)30183-5.', '10.1016/s0140-6736(20)30183-5'],
    ['(see 10.1000/abc)', '10.1000/abc'],
    // Cut at a URL parameter, nothing is left after the slash: not a DOI.
    ['https://example.org/x?doi=10.1000/&x=1', null],
    ['"10.1000/abc",', '10.1000/abc'],
    [
      'https://www.scopus.com/inward/record.uri?eid=2-s2.0-85189760133&doi=10.1038%2fs41467-024-46843-2&partnerID=40&md5=614b',
      '10.1038/s41467-024-46843-2',
    ],
    [
      'http://sfx.example.org/utrecht?sid=OVID:psycdb&id=doi:10.1002%2Fcpp.2398&issn=1063-3995',
      '10.1002/cpp.2398',
    ],
    ['https://doi.org/10.1000%2Fabc%zz', '10.1000/abc%zz'],
    [
      'Clin Pharmacokinet. 2011 Jun;50(6):349-69. doi: 10.2165/11586800-000000000-00000.',
      '10.2165/11586800-000000000-00000',
    ],
    ['Export Date: 05 August 2024; Cited By: 2', null],
    ['Article', null],
    ['Article in Press', null],
    ['Health & Mental Health Treatment & Prevention [3300]', null],
    ['210.1234/not-a-doi', null],
    ['10.12/too-short-prefix', null],
    ['', null],
  ])('%j → %j', (value, doi) => {
    expect(findDoi(value)).toBe(doi)
  })
})

describe('findYear', () => {
  it.each<[string, number | null]>([
    ['2011', 2011],
    ['2019//', 2019],
    ['2024/04/03/', 2024],
    ['2024///', 2024],
    ['2011 Jun', 2011],
    ['2024-02-01', 2024],
    ['Jun', null],
    ['SEP 22', null],
    ['In press', null],
    ['c1998', 1998],
    ['12345', null],
    ['20190301', 2019],
    ['201903011', null],
    ['20191301', null],
    ['0999', null],
    ['1000', 1000],
    ['3001', null],
  ])('%j → %j', (value, year) => {
    expect(findYear(value)).toBe(year)
  })
})

describe('collapse', () => {
  it.each<[string, string]>([
    ['plain text', 'plain text'],
    ['  padded  ', 'padded'],
    ['two  spaces', 'two spaces'],
    ['a\ttab', 'a tab'],
    ['no\u00a0break space', 'no break space'],
    ['line\nbreak', 'line break'],
    ['<i>Markup</i> kept', '<i>Markup</i> kept'],
  ])('%j → %j', (value, collapsed) => {
    expect(collapse(value)).toBe(collapsed)
  })
})

describe('isCopyrightNotice', () => {
  it.each<[string, boolean]>([
    [
      'Copyright of PLoS ONE is the property of Public Library of Science and its content may not be copied',
      true,
    ],
    ['copyright of X is the property of Y', true],
    ['Copyright 2020 the authors. This is an open access article.', false],
    ['Copyright of this work is disputed (an abstract about copyright).', false],
  ])('%j → %s', (value, notice) => {
    expect(isCopyrightNotice(value)).toBe(notice)
  })
})

const ris = (...raw: [string, string][]) => normaliseRis(raw)

describe('normaliseRis', () => {
  it('takes the first non-empty title in TI › T1 › CT › BT › ST order', () => {
    expect(ris(['ST', 'Short'], ['T1', 'From T1'], ['TI', '']).title).toBe('From T1')
    expect(ris(['BT', 'Book'], ['CT', 'Chapter']).title).toBe('Chapter')
    expect(ris(['ST', '  Short   title ']).title).toBe('Short title')
    expect(ris(['PY', '2020']).title).toBeNull()
  })

  it('skips the EBSCO copyright notice and takes the next AB/N2 value', () => {
    const copyright = 'Copyright of J is the property of P and its content may not be copied.'
    expect(ris(['AB', copyright], ['AB', 'The abstract.']).abstract).toBe('The abstract.')
    expect(ris(['AB', copyright], ['N2', 'From N2.']).abstract).toBe('From N2.')
    expect(ris(['AB', copyright]).abstract).toBeNull()
    expect(ris(['AB', ''], ['N2', 'Ovid N2']).abstract).toBe('Ovid N2')
  })

  it.each<[string, [string, string][], string | null]>([
    [
      'T2 is the journal of an article',
      [
        ['TY', 'JOUR'],
        ['T2', 'Nature'],
        ['JF', 'Nat'],
      ],
      'Nature',
    ],
    [
      'T2 of a chapter is its book',
      [
        ['TY', 'CHAP'],
        ['T2', 'A Book'],
        ['JF', 'J'],
      ],
      'J',
    ],
    [
      'T2 of a chapter with no JF',
      [
        ['TY', 'CHAP'],
        ['T2', 'A Book'],
      ],
      null,
    ],
    [
      'T2 of a conference paper',
      [
        ['TY', 'CPAPER'],
        ['T2', 'Proc. X'],
      ],
      null,
    ],
    [
      'T2 of an electronic article',
      [
        ['TY', 'EJOUR'],
        ['T2', 'E-J'],
      ],
      'E-J',
    ],
    [
      'T2 of a magazine article',
      [
        ['TY', 'MGZN'],
        ['T2', 'The Mag'],
      ],
      'The Mag',
    ],
    ['T2 of a record without TY', [['T2', 'Probably a journal']], 'Probably a journal'],
    [
      'JF › JO',
      [
        ['TY', 'JOUR'],
        ['JO', 'JO'],
        ['JF', 'JF'],
      ],
      'JF',
    ],
    [
      'JO › JA › J2',
      [
        ['TY', 'JOUR'],
        ['J2', 'J2'],
        ['JA', 'JA'],
        ['JO', 'JO'],
      ],
      'JO',
    ],
    [
      'J2 last',
      [
        ['TY', 'JOUR'],
        ['J2', 'Nat. Commun.'],
      ],
      'Nat. Commun.',
    ],
  ])('journal: %s', (_, raw, journal) => {
    expect(normaliseRis(raw).journal).toBe(journal)
  })

  it('takes the DOI from DO › L3 › M3 › N1 › UR, whatever their order in the file', () => {
    const raw: [string, string][] = [
      ['UR', 'https://doi.org/10.1000/from-ur'],
      ['N1', 'doi: 10.1000/from-n1'],
      ['M3', 'Article'],
      ['L3', '10.1000/from-l3'],
      ['DO', 'not a doi'],
    ]
    expect(normaliseRis(raw).doi).toBe('10.1000/from-l3')
    expect(normaliseRis(raw.slice(0, 3)).doi).toBe('10.1000/from-n1')
    expect(normaliseRis(raw.slice(0, 1)).doi).toBe('10.1000/from-ur')
  })

  it('takes the year from PY › Y1 › DA', () => {
    expect(ris(['DA', '2024/01/01/'], ['Y1', '2019//'], ['PY', '2011']).year).toBe(2011)
    expect(ris(['DA', '2024/01/01/'], ['Y1', '2019//'], ['PY', 'In press']).year).toBe(2019)
    expect(ris(['DA', 'SEP 22'], ['PY', '']).year).toBeNull()
  })

  it('lists all AU (else all A1) and all KW, in file order', () => {
    expect(ris(['A1', 'A'], ['AU', 'B'], ['AU', 'C']).authors).toEqual(['B', 'C'])
    expect(ris(['A1', 'A'], ['A1', 'B']).authors).toEqual(['A', 'B'])
    expect(ris(['KW', 'x'], ['KW', ''], ['KW', 'y']).keywords).toEqual(['x', 'y'])
  })

  it('takes the database from DB › DP and the type as written', () => {
    expect(ris(['DP', 'EBSCOhost'], ['DB', 'aph'], ['TY', 'RPRT'])).toMatchObject({
      database: 'aph',
      type: 'RPRT',
    })
    expect(ris(['DP', 'NLM']).database).toBe('NLM')
    expect(ris(['TY', '']).type).toBeNull()
  })
})
