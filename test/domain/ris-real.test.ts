// Real exports from ten tools (fixtures/ris/README.md). Record counts are the number of TY lines,
// as checked against rispy in the shared README; first-record values were read from the files.
import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { endOf, fixture, parse, recordsOf, warningsOf } from './bib-helpers.ts'

const LIST_TAGS = new Set([
  'AU',
  'A1',
  'A2',
  'AD',
  'KW',
  'DB',
  'DP',
  'SN',
  'UR',
  'L1',
  'L2',
  'L3',
  'DO',
])

interface Expected {
  encoding: string
  records: number
  title: string
  doi: string | null
  year: number
  authors: number
  journal: string
  keywords: number
  database: string | null
}

// prettier-ignore
const FILES: [string, Expected][] = [
  ['01_pubmed_via_endnote.ris', { encoding: 'utf-8', records: 6, title: 'Boswellia serrata: an overall assessment of in vitro, preclinical, pharmacokinetic and clinical data', doi: '10.2165/11586800-000000000-00000', year: 2011, authors: 3, journal: 'Clin Pharmacokinet', keywords: 10, database: 'NLM' }],
  ['02_scopus.ris', { encoding: 'utf-8-bom', records: 10, title: 'Global latitudinal gradients and the evolution of body size in dinosaurs and mammals', doi: '10.1038/s41467-024-46843-2', year: 2024, authors: 8, journal: 'Nature Communications', keywords: 40, database: 'Scopus' }],
  ['03_web_of_science.ris', { encoding: 'utf-8-bom', records: 10, title: 'New Horned Dinosaurs from Utah Provide Evidence for Intracontinental Dinosaur Endemism', doi: '10.1371/journal.pone.0012292', year: 2010, authors: 7, journal: 'PLOS ONE', keywords: 8, database: null }],
  ['04_ebscohost_cinahl.ris', { encoding: 'utf-8', records: 9, title: 'Osteohistological insight into the growth dynamics of early dinosaurs and their contemporaries.', doi: '10.1371/journal.pone.0298242', year: 2024, authors: 5, journal: 'PLoS ONE', keywords: 8, database: 'aph' }],
  ['05_ovid_psycinfo.ris', { encoding: 'utf-8', records: 6, title: 'The influence of self-criticism on depression symptoms among ambulatory patients with inflammatory bowel disease.', doi: '10.1002/cpp.2398', year: 2019, authors: 5, journal: 'Clinical Psychology & Psychotherapy', keywords: 0, database: null }],
  ['06_proquest_ptsdpubs.ris', { encoding: 'utf-8', records: 6, title: 'Predictors of posttraumatic stress symptom trajectories following the fatal 2011 Christchurch, New Zealand earthquake', doi: '10.1002/jts.22387', year: 2019, authors: 7, journal: 'Journal of Traumatic Stress', keywords: 18, database: 'PTSDpubs' }],
  ['07_endnote_embase_medline.ris', { encoding: 'utf-8', records: 10, title: 'Description of a new specimen of Haplocanthosaurus from the Dry Mesa Dinosaur Quarry', doi: '10.1002/ar.25520', year: 2024, authors: 4, journal: 'Anatomical Record', keywords: 8, database: 'Embase' }],
  ['08_zotero.ris', { encoding: 'utf-8', records: 10, title: 'Cellular structure of dinosaur scales reveals retention of reptile-type skin during the evolutionary transition to feathers', doi: '10.1038/s41467-024-48400-3', year: 2024, authors: 4, journal: 'Nature Communications', keywords: 25, database: 'Embase' }],
  ['09_mendeley.ris', { encoding: 'utf-8', records: 10, title: 'Description of a new specimen of Haplocanthosaurus from the Dry Mesa Dinosaur Quarry', doi: '10.1002/ar.25520', year: 2024, authors: 4, journal: 'Anatomical Record', keywords: 8, database: null }],
  ['10_google_scholar.ris', { encoding: 'utf-8', records: 10, title: 'Did dinosaurs invent flowers? Dinosaur–angiosperm coevolution revisited', doi: null, year: 2001, authors: 2, journal: 'Biological Reviews', keywords: 0, database: null }],
]

describe.each(FILES)('%s', (name, want) => {
  const events = parse(fixture(name), 64 * 1024)

  it('reads every record, in order, as RIS in the right encoding', async () => {
    const all = await events
    expect(all[0]).toEqual({ kind: 'format', format: 'ris', encoding: want.encoding })
    const records = recordsOf(all)
    expect(records).toHaveLength(want.records)
    expect(records.map((r) => r.position)).toEqual(records.map((_, i) => i + 1))
    expect(endOf(all).records).toBe(want.records)
  })

  it('normalises the first record', async () => {
    const [first] = recordsOf(await events)
    expect(first).toMatchObject({
      type: 'JOUR',
      title: want.title,
      doi: want.doi,
      year: want.year,
      journal: want.journal,
      database: want.database,
    })
    expect(first!.authors).toHaveLength(want.authors)
    expect(first!.keywords).toHaveLength(want.keywords)
  })

  it('gives every record a title and a year, and keeps every tag line', async () => {
    const all = await events
    for (const r of recordsOf(all)) {
      expect(r.title).toBeTruthy()
      expect(r.year).toBeGreaterThan(1900)
      expect(r.raw[0]).toEqual(['TY', 'JOUR'])
    }
    // Every tag line is a raw entry of some record, or was warned about. List tags (KW, AU...)
    // can have more entries than tag lines: their untagged continuation lines are values too.
    const source = new TextDecoder().decode(fixture(name))
    const count = (tags: string[]) =>
      tags.reduce((m, t) => m.set(t, (m.get(t) ?? 0) + 1), new Map<string, number>())
    const inSource = count(
      source
        .split(/\r\n|\n/)
        .flatMap((l) => /^\uFEFF?([A-Z][A-Z0-9]) {1,2}-/.exec(l)?.slice(1) ?? [])
        .filter((t) => t !== 'ER')
    )
    const inRecords = count(recordsOf(all).flatMap((r) => r.raw.map(([t]) => t)))
    const warned = count(
      warningsOf(all).flatMap(
        (w) => /ignored: ([A-Z][A-Z0-9]) {2}-/.exec(w.message)?.slice(1) ?? []
      )
    )
    for (const [tag, n] of inSource) {
      const kept = inRecords.get(tag) ?? 0
      if (LIST_TAGS.has(tag)) expect(kept + (warned.get(tag) ?? 0)).toBeGreaterThanOrEqual(n)
      else expect([tag, kept + (warned.get(tag) ?? 0)]).toEqual([tag, n])
    }
  })

  it('gives the same events however the file is chunked', async () => {
    const whole = await events
    expect(await parse(fixture(name), [1, 7, 4096, 3])).toEqual(whole)
  })
})

it('covers every real export in fixtures/ris', () => {
  const real = readdirSync(new URL('../../fixtures/ris/', import.meta.url)).filter((f) =>
    /^(0\d|10)_.*\.ris$/.test(f)
  )
  expect(FILES.map(([name]) => name)).toEqual(real.sort())
})

describe('exporter quirks', () => {
  it('01 EndNote: KW and N1 values on untagged lines', async () => {
    const [first] = recordsOf(await parse(fixture('01_pubmed_via_endnote.ris')))
    expect(first!.keywords.slice(0, 3)).toEqual([
      'Animals',
      'Anti-Inflammatory Agents/adverse effects/pharmacokinetics/*pharmacology',
      'Boswellia/*chemistry',
    ])
    const n1 = first!.raw.filter(([tag]) => tag === 'N1')
    expect(n1).toHaveLength(1)
    expect(n1[0]![1]).toMatch(
      /^1179-1926 Abdel-Tawab, Mona Werz, Oliver .* Switzerland Clin Pharmacokinet/
    )
  })

  it('03 WoS: an abstract over indented lines is joined with single spaces', async () => {
    const [first] = recordsOf(await parse(fixture('03_web_of_science.ris')))
    expect(first!.abstract).toContain(
      'remained poorly tested. Methodology/Principal Findings: Here we'
    )
    expect(first!.abstract).not.toMatch(/\s{2}/)
  })

  it('04 EBSCO: the copyright notice is never the abstract', async () => {
    const records = recordsOf(await parse(fixture('04_ebscohost_cinahl.ris')))
    for (const r of records) {
      expect(r.abstract).not.toMatch(/^Copyright of/)
      expect(r.raw.filter(([tag]) => tag === 'AB').length).toBe(2)
    }
  })

  it('05 Ovid: numbering lines are skipped quietly, NL lines after ER are reported', async () => {
    const events = await parse(fixture('05_ovid_psycinfo.ris'))
    expect(warningsOf(events).map((w) => w.line)).toEqual([26, 104, 191, 218, 293, 327])
    expect(warningsOf(events)[0]!.message).toMatch(/^line outside a record ignored: NL {2}- Clin/)
    expect(recordsOf(events).map((r) => r.startLine)).toEqual([2, 31, 109, 196, 223, 298])
  })

  it('07 EndNote: DB, SN and UR extra values are kept as separate values', async () => {
    const [first] = recordsOf(await parse(fixture('07_endnote_embase_medline.ris')))
    const values = (tag: string) => first!.raw.filter(([t]) => t === tag).map(([, v]) => v)
    expect(values('DB')).toEqual(['Embase', 'Medline'])
    expect(values('SN')).toEqual(['1932-8494', '1932-8486'])
    expect(values('N1')).toEqual(['L2030246463 2024-06-24'])
  })

  it('08 Zotero: CRLF line numbers match the file', async () => {
    const records = recordsOf(await parse(fixture('08_zotero.ris')))
    expect(records[1]!.startLine).toBe(47)
  })
})
