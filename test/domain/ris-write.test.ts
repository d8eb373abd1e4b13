// The RIS writer against Winnow's reader: what it writes reads back with the same normalised
// fields, from the real exports, the generated files and random records.
import { readdirSync, readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { generateBytes } from '../../bench/gen-ris.ts'
import type { ParsedRecord } from '../../src/domain/bibliographic.ts'
import { collapse, findDoi, isCopyrightNotice, normaliseRis } from '../../src/domain/normalise.ts'
import { risChunks, risFile, risRecord, type RisSource } from '../../src/domain/ris-write.ts'
import { fieldsOf, fixture, parse, recordsOf, text, warningsOf } from './bib-helpers.ts'

// What any RIS reader may take for a line break (Python's splitlines() included).
const BREAK = /[\n\v\f\r\x1c-\x1e\x85\u2028\u2029]/
const BREAKS = new RegExp(BREAK.source, 'g')

const asSource = (r: ParsedRecord): RisSource => ({ ...fieldsOf(r), id: r.position, raw: r.raw })

/** What a record should read back as: the same fields, a missing type written as JOUR. */
const expected = (r: Omit<RisSource, 'id' | 'raw'>) => ({
  type: r.type ?? 'JOUR',
  title: r.title,
  abstract: r.abstract,
  authors: r.authors,
  year: r.year,
  journal: r.journal,
  doi: r.doi,
  keywords: r.keywords,
  database: r.database,
})

/** Writes the records, reads the file back, and checks it is clean RIS with the same fields. */
async function roundTrip(sources: RisSource[]) {
  const ris = risFile(sources)
  // CRLF only, every line a tag line or the blank line between records.
  expect(ris.replace(/\r\n/g, '')).not.toMatch(BREAK)
  for (const line of ris.split('\r\n').slice(0, -1))
    expect(line).toMatch(/^(?:[A-Z][A-Z0-9] {2}- .*)?$/)
  const events = await parse(text(ris))
  expect(events[0]).toEqual({ kind: 'format', format: 'ris', encoding: 'utf-8' })
  for (const w of warningsOf(events)) expect(w.message).toMatch(/has no title$/)
  const back = recordsOf(events)
  expect(back.map(fieldsOf)).toEqual(sources.map(expected))
  return { ris, back }
}

const readable = (name: string) => !name.startsWith('not-') && /\.(ris|nbib)$/.test(name)
const FIXTURES = readdirSync(new URL('../../fixtures/ris/', import.meta.url)).filter(readable)
const GENERATED = new URL('../../fixtures/generated/', import.meta.url)

describe('round trip through Winnow’s reader', () => {
  it.each(FIXTURES)('fixtures/ris/%s', async (name) => {
    const records = recordsOf(await parse(fixture(name)))
    expect(records.length).toBeGreaterThan(0)
    const { back } = await roundTrip(records.map(asSource))
    // Each record says which Winnow record it was.
    expect(back.map((r) => r.raw[1])).toEqual(records.map((r) => ['ID', `winnow:${r.position}`]))
  })

  it.each(readdirSync(GENERATED).filter((f) => f.endsWith('.ris')))(
    'fixtures/generated/%s',
    async (name) => {
      const records = recordsOf(await parse(readFileSync(new URL(name, GENERATED))))
      await roundTrip(records.map(asSource))
    }
  )

  it('350 records of every exporter profile from bench/gen-ris.ts', async () => {
    const { bytes } = generateBytes({ n: 350, seed: 5, encoding: 'utf-8', eol: 'crlf' })
    const records = recordsOf(await parse(bytes))
    expect(records).toHaveLength(350)
    await roundTrip(records.map(asSource))
  })
})

const base: RisSource = {
  id: 7,
  type: 'JOUR',
  title: 'Commissioning with evidence',
  abstract: null,
  authors: [],
  year: null,
  journal: null,
  doi: null,
  keywords: [],
  database: null,
  raw: [],
}

describe('risRecord', () => {
  it('writes the normalised fields in standard tags, then the raw tags not yet said', () => {
    const record: RisSource = {
      ...base,
      authors: ['Okafor, Ada', 'Lindqvist, S.'],
      year: 2023,
      journal: 'Journal of Invented Health',
      abstract: 'What helps, and what "hinders".',
      doi: '10.1000/wg.2023.001',
      keywords: ['commissioning', 'COM-B'],
      database: 'Scopus',
      raw: [
        ['TY', 'JOUR'],
        ['ID', '369'],
        ['T1', 'Commissioning  with evidence'],
        ['AU', 'Okafor, Ada'],
        ['AU', 'Lindqvist, S.'],
        ['PY', '2023//'],
        ['DA', '2023/03/14'],
        ['JF', 'Journal of Invented Health'],
        ['J2', 'J Invent Health'],
        ['VL', '12'],
        ['IS', '2'],
        ['SP', '101'],
        ['EP', '112'],
        ['DO', 'https://doi.org/10.1000/WG.2023.001'],
        ['UR', 'https://doi.org/10.1000/wg.2023.001'],
        ['AB', 'Copyright of Journal of X is the property of Y and its content may not be copied'],
        ['KW', 'commissioning'],
        ['KW', 'COM-B'],
        ['DB', 'Scopus'],
        ['AN', '2-s2.0-1234'],
      ],
    }
    expect(risRecord(record).split('\r\n')).toEqual([
      'TY  - JOUR',
      'ID  - winnow:7',
      'TI  - Commissioning with evidence',
      'AU  - Okafor, Ada',
      'AU  - Lindqvist, S.',
      'PY  - 2023',
      'T2  - Journal of Invented Health',
      'AB  - What helps, and what "hinders".',
      'DO  - 10.1000/wg.2023.001',
      'KW  - commissioning',
      'KW  - COM-B',
      'DB  - Scopus',
      'DA  - 2023/03/14',
      'J2  - J Invent Health',
      'VL  - 12',
      'IS  - 2',
      'SP  - 101',
      'EP  - 112',
      'UR  - https://doi.org/10.1000/wg.2023.001',
      'AN  - 2-s2.0-1234',
      'ER  - ',
      '',
    ])
  })

  it('writes a record without a type as JOUR, and nothing for empty fields', () => {
    expect(risRecord({ ...base, type: null, title: null })).toBe(
      'TY  - JOUR\r\nID  - winnow:7\r\nER  - \r\n'
    )
  })

  it('writes the journal of a chapter as JF and keeps its book title in T2', async () => {
    const chapter: RisSource = {
      ...base,
      type: 'CHAP',
      journal: 'Evidence & Policy',
      raw: [
        ['TY', 'CHAP'],
        ['T2', 'Handbook of Rapid Reviews'],
        ['JO', 'Evidence & Policy'],
      ],
    }
    const lines = risRecord(chapter).split('\r\n')
    expect(lines).toContain('JF  - Evidence & Policy')
    expect(lines).toContain('T2  - Handbook of Rapid Reviews')
    expect(lines).not.toContain('JO  - Evidence & Policy')
    await roundTrip([chapter])
  })

  it('keeps each value on one line, so no value can end the record or start a tag', async () => {
    const hostile: RisSource = {
      ...base,
      title: 'Line one\r\nER  - \r\nTY  - BOOK\nTI  - injected',
      abstract: '\nKW  - not a keyword\r\rstill the abstract',
      raw: [['N1', 'a note\nER  -\nwith breaks']],
    }
    const ris = risRecord(hostile)
    expect(ris).toContain('TI  - Line one ER  - TY  - BOOK TI  - injected\r\n')
    expect(ris).toContain('AB  - KW  - not a keyword still the abstract\r\n')
    expect(ris).toContain('N1  - a note ER  - with breaks\r\n')
    const back = recordsOf(await parse(text(ris)))
    expect(back).toHaveLength(1)
    expect(back[0]).toMatchObject({ title: collapse(hostile.title!), keywords: [] })
  })

  it('writes a MEDLINE record’s tags as their RIS equivalents, never as they are', async () => {
    const [medline] = recordsOf(await parse(fixture('pubmed.nbib')))
    const lines = risRecord(asSource(medline!)).split('\r\n')
    expect(lines).toEqual(
      expect.arrayContaining(['AN  - 40000001', 'DA  - 2023 Mar 14', 'SP  - 101-112', 'LA  - eng'])
    )
    expect(lines).toContain('J2  - J Invented Health')
    expect(lines.filter((l) => /^(?:OWN|STAT|FAU|PMID|SO|PT|MH|DP|AID) /.test(l))).toEqual([])
    expect(lines.filter((l) => l.startsWith('AU  - '))).toEqual([
      'AU  - Okafor, Ada',
      'AU  - Lindqvist, Sven',
    ])
  })

  it('escapes a % the reader would decode in a DOI', async () => {
    await roundTrip([{ ...base, doi: '10.1000/a%41b' }])
  })
})

describe('risChunks', () => {
  it('streams the same file as risFile, with a blank line between records', async () => {
    const rs = [1, 2, 3].map((id) => ({ ...base, id, title: `Study ${id}` }))
    async function* chunks() {
      yield rs.slice(0, 2)
      yield []
      yield rs.slice(2)
    }
    let out = ''
    for await (const t of risChunks(chunks())) out += t
    expect(out).toBe(risFile(rs))
    expect(out).toContain('ER  - \r\n\r\nTY  - JOUR\r\nID  - winnow:2\r\n')
    expect(out.endsWith('ER  - \r\n')).toBe(true)
  })
})

// Values as the reader leaves them (trimmed, on one line) and with no character another reader
// might break a line at: the writer turns those into spaces.
const value = (maxLength = 30) =>
  fc
    .oneof(
      fc.string({ unit: 'grapheme', maxLength }),
      fc.constantFrom('"quoted", \'too\'', 'ER  - ', 'TY  - BOOK', '  =1+1 ', 'Ü 🦕 ß')
    )
    .map((s) => s.replace(BREAKS, ' ').trim())
const nonEmpty = value().filter((s) => s !== '')
const orNull = (s: string) => s || null

const fields = fc.record({
  id: fc.nat(),
  type: fc.option(fc.oneof(fc.constantFrom('JOUR', 'CHAP', 'BOOK', 'jour', 'RPRT'), nonEmpty)),
  title: value(200).map((s) => orNull(collapse(s))),
  abstract: value(5000).map((s) => {
    const a = collapse(s)
    return a === '' || isCopyrightNotice(a) ? null : a
  }),
  authors: fc.array(nonEmpty, { maxLength: 6 }),
  year: fc.option(fc.integer({ min: 1000, max: 2999 })),
  journal: value().map((s) => orNull(collapse(s))),
  doi: fc
    .tuple(fc.integer({ min: 1000, max: 999_999_999 }), value(), fc.constantFrom('', '%2F', '%'))
    .map(([prefix, suffix, odd]) => findDoi(`10.${prefix}/${odd}${suffix}`))
    // The reader can keep a bare prefix (`10.1000/&x=1` → `10.1000/`) that it would not find
    // again; no writer can round-trip that, so it is left out here.
    .map((doi) => (doi && /^10\.\d+\/$/.test(doi) ? null : doi)),
  keywords: fc.array(nonEmpty, { maxLength: 8 }),
  database: value().map(orNull),
  raw: fc.constant([] as [string, string][]),
})

const TAGS = 'TI T1 CT BT ST AB N2 AU A1 PY Y1 DA T2 JF JO JA J2 KW DB DP DO L3 M3 N1 UR'.split(' ')
const rawValue = fc.oneof(
  value(),
  fc.constantFrom('', '2019//', 'in press', '2011 Jun', 'doi:10.1234/AbC.9', 'aph', 'EBSCOhost'),
  fc.constantFrom('https://doi.org/10.5555/x%2Fy', 'Copyright of X is the property of Y')
)
const rawRecord = fc
  .tuple(
    fc.option(fc.constantFrom('JOUR', 'CHAP', 'BOOK', '')),
    fc.array(
      fc.tuple(fc.oneof(fc.constantFrom(...TAGS, 'VL', 'ID', 'AN'), fc.constant('SP')), rawValue),
      { maxLength: 25 }
    )
  )
  .map(([type, tags]): RisSource => {
    const raw: [string, string][] = type === null ? tags : [['TY', type], ...tags]
    return { ...normaliseRis(raw), id: 1, raw }
  })

describe('random records', () => {
  it('read back with the same fields (unicode, quotes, long abstracts, empty lists)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fields, { minLength: 1, maxLength: 4 }), async (rs) => {
        await roundTrip(rs)
      }),
      { numRuns: 200 }
    )
  })

  it('read back the same from any raw tags: kept raw tags never change a field', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(rawRecord, { minLength: 1, maxLength: 4 }), async (rs) => {
        await roundTrip(rs)
      }),
      { numRuns: 300 }
    )
  })
})
