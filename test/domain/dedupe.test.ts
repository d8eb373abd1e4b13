import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  compareRecords,
  createDedupeIndex,
  findDuplicates,
  titleKey,
  type DedupeRecord,
  type DuplicateMatch,
} from '../../src/domain/dedupe.ts'

type Fields = Omit<DedupeRecord, 'id'>
type Pair = [string, Fields, Fields]
const r = (title: string | null, year: number | null, doi: string | null = null): Fields => ({
  title,
  year,
  doi,
})
const LONG =
  'Psychological outcomes of a cognitive behavioural therapy for youth with inflammatory bowel disease'
const DIVING =
  'Diving dinosaurs? Caveats on the use of bone compactness and pFDA for inferring lifestyle'

function check(a: Fields, b: Fields) {
  const result = compareRecords({ id: 1, ...a }, { id: 2, ...b })
  // The rules are symmetric, and the index agrees with the pairwise check.
  expect(compareRecords({ id: 2, ...b }, { id: 1, ...a }).duplicate).toBe(result.duplicate)
  const matches = findDuplicates([{ id: 1, ...a }, { id: 2, ...b }]) // prettier-ignore
  expect(matches.length).toBe(result.duplicate ? 1 : 0)
  return result
}

describe('compareRecords: duplicates', () => {
  // prettier-ignore
  it.each<Pair>([
    ['same DOI, titles differ (translated title)', r('Asthme du sujet âgé', 2019, '10.1/x'), r('Asthma in the elderly', 2019, '10.1/x')],
    ['same DOI, years differ (online first vs print)', r(LONG, 2019, '10.1/x'), r(LONG, 2020, '10.1/x')],
    ['same DOI, one title missing', r(null, null, '10.1/x'), r(LONG, 2020, '10.1/x')],
    ['DOI written as a URL', r(LONG, 2022, 'https://doi.org/10.7554/eLife.80092'), r('x', 2022, '10.7554/elife.80092')],
    ['case', r('DICKENS, DINOSAURS, AND DESIGN', 2016, '10.1017/s1060150316000358'), r('Dickens, Dinosaurs, and Design', 2016)],
    ['"&" read as "and"', r('Dickens, Dinosaurs & Design', 2016), r('Dickens, Dinosaurs, and Design', 2016)],
    ['"&amp;" read as "and"', r('Dickens, Dinosaurs &amp; Design', 2016), r('Dickens, dinosaurs and design', 2016)],
    ['HTML italics', r('Effects of <i>Boswellia serrata</i> on colitis in rats', 2011), r('Effects of Boswellia serrata on colitis in rats', 2011)],
    ['sub/sup markup', r('Effects of CO<sub>2</sub> enrichment on grassland productivity', 2015), r('Effects of CO2 enrichment on grassland productivity', 2015)],
    ['accents', r('Müller glia in the degenerating retina: a systematic review', 2018), r('Muller glia in the degenerating retina: a systematic review', 2018)],
    ['accent as an entity', r('M&uuml;ller glia in the degenerating retina: a systematic review', 2018), r('Müller glia in the degenerating retina: a systematic review', 2018)],
    ['hyphens vs spaces', r('Long-term follow-up of children treated for nephroblastoma', 2012), r('Long term follow up of children treated for nephroblastoma', 2012)],
    ['trailing full stop', r(DIVING, 2024), r(`${DIVING}.`, 2024)],
    ['subtitle ":" vs " - "', r('Gut microbiota and depression: a cross-sectional study', 2021), r('Gut microbiota and depression - a cross-sectional study', 2021)],
    ['subtitle ":" vs ". "', r('Gut microbiota and depression: a cross-sectional study', 2021), r('Gut microbiota and depression. A cross-sectional study.', 2021)],
    ['Greek letter vs its name', r('β-amyloid deposition in the ageing retina of mice', 2020), r('beta-Amyloid deposition in the ageing retina of mice', 2020)],
    ['Greek entity vs letter', r('TNF-&alpha; blockade in refractory sarcoidosis', 2020), r('TNF-α blockade in refractory sarcoidosis', 2020)],
    ['a dropped letter', r(LONG, 2019), r(LONG.replace('behavioural', 'behavoural'), 2019)],
    ['an extra letter', r(LONG, 2019), r(LONG.replace('youth', 'youtth'), 2019)],
    ['two swapped letters', r(LONG, 2019), r(LONG.replace('bowel', 'bowle'), 2019)],
    ['British vs American spelling', r(LONG, 2019), r(LONG.replace('behavioural', 'behavioral'), 2019)],
    ['two typos in a long title', r(LONG, 2019), r(LONG.replace('therapy', 'theraphy').replace('disease', 'desease'), 2019)],
    ['missing space', r('Spinosaurusis not an aquatic dinosaur', 2022), r('<i>Spinosaurus</i> is not an aquatic dinosaur', 2022)],
    ['one year missing, identical long title (Scholar)', r('Did dinosaurs invent flowers? Dinosaur–angiosperm coevolution revisited', 2001), r('Did dinosaurs invent flowers? Dinosaur-angiosperm coevolution revisited', null)],
    ['both years missing, identical long title', r(LONG, null), r(LONG, null)],
    ['DOI on one record only', r(LONG, 2019, '10.1007/s10880-019-09649-9'), r(LONG, 2019)],
  ])('%s', (_what, a, b) => {
    const result = check(a, b)
    expect(result.duplicate).toBe(true)
    const bothDois = a.doi !== null && b.doi !== null
    expect(result.reason).toBe(bothDois ? 'doi' : 'title_year')
    expect(result.score).toBeGreaterThanOrEqual(0.95)
    expect(result.score).toBeLessThanOrEqual(1)
  })

  it('scores 1 for the same DOI or the same title key, less for a typo', () => {
    expect(check(r(LONG, 2019), r(`${LONG.toUpperCase()}.`, 2019)).score).toBe(1)
    expect(check(r(LONG, 2019, '10.1/x'), r('other', 2000, '10.1/x')).score).toBe(1)
    const typo = check(r(LONG, 2019), r(LONG.replace('youth', 'yuoth'), 2019)).score
    expect(typo).toBeCloseTo(1 - 1 / (titleKey(LONG)?.length ?? 0), 10)
  })
})

describe('compareRecords: not duplicates', () => {
  // prettier-ignore
  it.each<Pair>([
    ['same title, different years', r(DIVING, 2024), r(DIVING, 2023)],
    ['same title, different DOIs (protocol and review)', r(LONG, 2019, '10.1002/14651858.cd000001'), r(LONG, 2019, '10.1002/14651858.cd000001.pub2')],
    ['two unrelated "Editorial"s with DOIs', r('Editorial', 2020, '10.1/a'), r('Editorial', 2020, '10.1/b')],
    ['two "Editorial"s without DOIs', r('Editorial', 2020), r('Editorial', 2020)],
    ['"Editorial." vs "EDITORIAL"', r('Editorial.', 2020), r('EDITORIAL', 2020)],
    ['"Letter to the editor"', r('Letter to the editor', 2020), r('Letter to the Editor', 2020)],
    ['"Reply to the letter to the editor"', r('Reply to the letter to the editor', 2020), r('Reply to the letter to the editor', 2020)],
    ['"Erratum"', r('Erratum', 2020), r('Erratum', 2020)],
    ['"Correction"', r('Correction', 2020), r('Correction.', 2020)],
    ['"Reply"', r('Reply', 2020), r('Reply', 2020)],
    ['"Book review"', r('Book review', 2020), r('Book Review', 2020)],
    ['"Introduction"', r('Introduction', 2020), r('Introduction', 2020)],
    ['"Authors\' reply"', r("Authors' reply", 2020), r('Authors reply', 2020)],
    ['a short title', r('Obesity in dogs', 2020), r('Obesity in dogs', 2020)],
    ['short title, one letter apart', r('Rat models of type 2 diabetes', 2020), r('Cat models of type 2 diabetes', 2020)],
    ['short title, a year missing', r('Dinosaur footprints from Arizona', 1904), r('Dinosaur footprints from Arizona', null)],
    ['typo and a year missing', r(LONG, 2019), r(LONG.replace('youth', 'yuoth'), null)],
    ['typo and different years', r(LONG, 2019), r(LONG.replace('youth', 'yuoth'), 2020)],
    ['too many typos for the length', r('Gastroliths in an ornithopod dinosaur', 2008), r('Gastrolits in an ornitopod dinosaur', 2008)],
    ['Part I vs Part II', r(`${LONG}: part I`, 2019), r(`${LONG}: part II`, 2019)],
    ['phase 2 vs phase 3', r(`A phase 2 trial of ${LONG}`, 2019), r(`A phase 3 trial of ${LONG}`, 2019)],
    ['negation', r('Cognitive behavioural therapy is associated with remission in adolescent depression', 2019), r('Cognitive behavioural therapy is not associated with remission in adolescent depression', 2019)],
    ['two "Comment on: X" without DOIs', r(`Comment on: ${LONG}`, 2020), r(`Comment on: ${LONG}`, 2020)],
    ['two "Reply to" without DOIs', r(`Reply to the comment on ${DIVING}`, 2024), r(`Reply to the comment on ${DIVING}`, 2024)],
    ['no titles, no DOIs', r(null, 2019), r(null, 2019)],
    ['one title missing, no DOIs', r(LONG, 2019), r(null, 2019)],
  ])('%s', (_what, a, b) => {
    const result = check(a, b)
    expect(result.duplicate).toBe(false)
    expect(result.reason).toBeNull()
    expect(result.why).not.toBe('')
  })
})

/**
 * Records typed in from the real exports in ../shared/fixtures/ris-real/ (the CFF "dinosaur"
 * searches, CC0). The same study exported by different tools must merge; distinct studies that
 * share words, and errata of a paper vs the paper itself, must stay apart.
 */
describe('real exports of the same searches', () => {
  const CELLULAR =
    'Cellular structure of dinosaur scales reveals retention of reptile-type skin during the evolutionary transition to feathers'
  const PETROGLYPHS =
    'A remarkable assemblage of petroglyphs and dinosaur footprints in Northeast Brazil'
  const ERRATUM = `Erratum: Author Correction: ${PETROGLYPHS} (Scientific reports (2024) 14 1 DOI: 10.1038/s41598-024-56479-3)`
  const JUVENILE =
    'A juvenile bird with possible crown-group affinities from a dinosaur-rich Cretaceous ecosystem in North America'
  const BELLY =
    'Stratigraphic architecture of the Belly River Group (Campanian, Cretaceous) in the plains of southern Alberta: Revisions and updates to an existing model and implications for correlating dinosaur-rich strata'
  const KULINDA =
    "The rise of feathered dinosaurs: <i>Kulindadromeus zabaikalicus</i>, the oldest dinosaur with 'feather-like' structures"

  // prettier-ignore
  it.each<Pair>([
    ['02 Scopus vs 04 EBSCOhost (trailing full stop; EBSCO has the DOI in L3)', r(DIVING, 2024, '10.1371/journal.pone.0298957'), r(`${DIVING}.`, 2024, '10.1371/journal.pone.0298957')],
    ['02 Scopus vs 04 EBSCOhost when L3 is not read as the DOI', r(DIVING, 2024, '10.1371/journal.pone.0298957'), r(`${DIVING}.`, 2024)],
    ['07 EndNote (Embase/Medline) vs 08 Zotero', r(CELLULAR, 2024, '10.1038/s41467-024-48400-3'), r(CELLULAR, 2024, '10.1038/s41467-024-48400-3')],
    ['08 Zotero vs 09 Mendeley', r(PETROGLYPHS, 2024, '10.1038/s41598-024-56479-3'), r(PETROGLYPHS, 2024, '10.1038/s41598-024-56479-3')],
    ['07 EndNote vs 09 Mendeley with the DOI lost', r(BELLY, 2024, '10.1371/journal.pone.0292318'), r(BELLY, 2024)],
    ['03 WoS (italics tags) vs a plain-text export', r(KULINDA, 2019, '10.7717/peerj.6239'), r("The rise of feathered dinosaurs: Kulindadromeus zabaikalicus, the oldest dinosaur with 'feather-like' structures", 2019)],
    ['03 WoS (space lost after </i>) vs the publisher title', r('Spinosaurusis not an aquatic dinosaur', 2022, '10.7554/eLife.80092'), r('Spinosaurus is not an aquatic dinosaur', 2022)],
    ['03 WoS capitals vs a title-case export', r('DICKENS, DINOSAURS, AND DESIGN', 2016, '10.1017/S1060150316000358'), r('Dickens, dinosaurs, and design', 2016)],
    ['10 Google Scholar vs the same title re-cased, "?" lost', r('Ontogeny and the fossil record: what, if anything, is an adult dinosaur?', 2016), r('Ontogeny and the fossil record: What, if anything, is an adult dinosaur', 2016)],
    ['10 Google Scholar record, year missing in the other export', r('Dinosaur macroevolution and macroecology', 2018), r('Dinosaur macroevolution and macroecology', null)],
  ])('same study: %s', (_what, a, b) => {
    expect(check(a, b).duplicate).toBe(true)
  })

  // prettier-ignore
  it.each<Pair>([
    ['07 a paper and its author correction (different DOIs)', r(PETROGLYPHS, 2024, '10.1038/s41598-024-56479-3'), r(ERRATUM, 2024, '10.1038/s41598-024-65283-y')],
    ['07 a paper and its correction, the correction without DOI', r(JUVENILE, 2024, '10.1186/s12862-024-02210-9'), r(`Erratum: Correction: ${JUVENILE} (BMC ecology and evolution (2024) 24 1 (20))`, 2024)],
    ['02/04 two new spinosaurid papers', r('A new spinosaurid dinosaur species from the Early Cretaceous of Cinctorres (Spain)', 2023, '10.1038/s41598-023-33418-2'), r('A new theropod dinosaur from the early cretaceous (Barremian) of Cabo Espichel, Portugal: Implications for spinosaurid evolution.', 2022)],
    ['02/07 two Patagonian papers, DOIs dropped, same year', r('A new abelisaurid dinosaur from the end Cretaceous of Patagonia and evolutionary rates among the Ceratosauria', 2022), r('A new Cretaceous thyreophoran from Patagonia supports a South American lineage of armoured dinosaurs', 2022)],
    ['10 Scholar "The extinction of the dinosaurs" vs the same words another year', r('The extinction of the dinosaurs', 2015), r('The extinction of the dinosaurs', 2001)],
    ['07/08 the same erratum, DOIs lost: notices match only on DOI', r(ERRATUM, 2024), r(ERRATUM, 2024)],
    ['10 Scholar title, a year missing, too short to trust', r('The extinction of the dinosaurs', 2015), r('The extinction of the dinosaurs', null)],
  ])('different: %s', (_what, a, b) => {
    expect(check(a, b).duplicate).toBe(false)
  })

  it('de-duplicates the EndNote, Zotero and Mendeley exports of one search to one set', () => {
    const titles = [
      CELLULAR,
      PETROGLYPHS,
      JUVENILE,
      `Erratum: Correction: ${JUVENILE} (BMC ecology and evolution (2024) 24 1 (20))`,
    ]
    const dois = [
      '10.1038/s41467-024-48400-3',
      '10.1038/s41598-024-56479-3',
      '10.1186/s12862-024-02210-9',
      '10.1186/s12862-024-02216-3',
    ]
    const endnote = titles.map((title, i) => ({
      id: 1 + i,
      title,
      year: 2024,
      doi: dois[i] ?? null,
    }))
    // Zotero lists them in reverse; Mendeley in EndNote's order.
    const zotero = [...endnote].reverse().map((x, i) => ({ ...x, id: 10 + i }))
    const mendeley = endnote.map((x, i) => ({ ...x, id: 20 + i }))
    const matches = findDuplicates([...endnote, ...zotero, ...mendeley])
    expect(matches).toHaveLength(8)
    expect(new Set(matches.map((m) => m.duplicateOf))).toEqual(new Set([1, 2, 3, 4]))
    expect(matches.every((m) => m.reason === 'doi' && m.score === 1)).toBe(true)
  })
})

describe('the index', () => {
  const A = { id: 1, title: LONG, year: 2019, doi: null }
  const typo1 = LONG.replace('youth', 'yuoth')
  const typo2 = typo1.replace('disease', 'diseases')
  const GASTRO = 'Gastroliths in an ornithopod dinosaur'

  it('keeps the first record and points later copies at it, within one batch', () => {
    const other = { id: 2, title: 'Another study of dinosaurs and design', year: 2019, doi: null }
    expect(findDuplicates([A, other, { ...A, id: 3 }, { ...A, id: 4, title: `${LONG}.` }])).toEqual(
      [
        { id: 3, duplicateOf: 1, reason: 'title_year', score: 1 },
        { id: 4, duplicateOf: 1, reason: 'title_year', score: 1 },
      ]
    )
  })

  it('resolves chains to the kept record: C→B→A gives C→A', () => {
    const B = { id: 2, title: typo1, year: 2019, doi: '10.1/b' }
    // C is two edits from A's title but one from B's; D shares only B's DOI.
    const C = { id: 3, title: typo2, year: 2019, doi: null }
    const D = { id: 4, title: null, year: null, doi: '10.1/b' }
    expect(compareRecords(C, B).duplicate).toBe(true)
    expect(findDuplicates([A, B, C, D]).map((m) => [m.id, m.duplicateOf, m.reason])).toEqual([
      [2, 1, 'title_year'],
      [3, 1, 'title_year'],
      [4, 1, 'doi'],
    ])
  })

  it('does not let a record without DOI or year join two different studies', () => {
    // A Scholar record (no DOI, no year) merges with the 2019 paper that has DOI x. A paper with
    // the same title but DOI y, or from 2021, is not that group's study.
    const scholar = { id: 1, title: LONG, year: null, doi: null }
    const paper = { id: 2, title: LONG, year: 2019, doi: '10.1/x' }
    const other = { id: 3, title: LONG, year: 2019, doi: '10.1/y' }
    const later = { id: 4, title: LONG, year: 2021, doi: null }
    expect(findDuplicates([scholar, paper, other, later])).toEqual([
      { id: 2, duplicateOf: 1, reason: 'title_year', score: 1 },
    ])
  })

  it('counts only kept records in size, and checks against records already in the project', () => {
    const index = createDedupeIndex([
      A,
      { id: 2, title: 'Dinosaur footprints from Arizona', year: 1904, doi: null },
    ])
    expect(index.size).toBe(2)
    expect(
      index.add({ id: 3, title: LONG.toUpperCase(), year: 2019, doi: null })?.duplicateOf
    ).toBe(1)
    expect(index.add({ id: 4, title: GASTRO, year: 2008, doi: null })).toBeNull()
    expect(index.size).toBe(3)
  })

  it('remembers the DOIs of earlier duplicates, and respects a lead\'s "not a duplicate"', () => {
    const prior = [
      A,
      { id: 2, title: typo1, year: 2019, doi: '10.1/b', duplicateOf: 1 },
      // The lead split this one off: no duplicateOf, so it stays kept.
      { id: 3, title: LONG, year: 2019, doi: null, duplicateOf: null },
      // Unknown target: taken as kept rather than dropped.
      { id: 4, title: GASTRO, year: 2008, doi: null, duplicateOf: 99 },
    ]
    const index = createDedupeIndex(prior)
    expect(index.size).toBe(3)
    const viaDoi = index.add({ id: 5, title: null, year: null, doi: '10.1/b' })
    expect(viaDoi).toEqual({ id: 5, duplicateOf: 1, reason: 'doi', score: 1 })
    expect(index.add({ id: 6, title: `${GASTRO}.`, year: 2008, doi: null })?.duplicateOf).toBe(4)
    // Records 1 and 3 are equally close: the earliest kept one wins.
    expect(index.add({ id: 7, title: LONG, year: 2019, doi: null })?.duplicateOf).toBe(1)
  })

  it('prefers the closest title', () => {
    // Built by hand: added in turn, record 2 would have joined record 1.
    const index = createDedupeIndex([
      { id: 1, title: typo1, year: 2019, doi: null },
      { id: 2, title: LONG, year: 2019, doi: '10.1/other' },
    ])
    expect(index.add({ id: 3, title: LONG, year: 2019, doi: null })?.duplicateOf).toBe(2)
    expect(index.add({ id: 4, title: typo2, year: 2019, doi: null })?.duplicateOf).toBe(1)
  })

  it('is idempotent: importing the same file again marks each record a duplicate of its original', () => {
    const batch = [
      A,
      { id: 2, title: typo1, year: 2019, doi: '10.1/b' },
      { id: 3, title: 'Editorial', year: 2019, doi: '10.1/e' },
      { id: 4, title: GASTRO, year: 2008, doi: null },
    ]
    const first = findDuplicates(batch)
    const roots = new Map(first.map((m) => [m.id, m.duplicateOf]))
    const second = findDuplicates([...batch, ...batch.map((x) => ({ ...x, id: x.id + 100 }))])
    expect(second.slice(0, first.length)).toEqual(first)
    for (const x of batch) {
      expect(second.find((m) => m.id === x.id + 100)?.duplicateOf).toBe(roots.get(x.id) ?? x.id)
    }
    expect(findDuplicates(batch)).toEqual(first)
  })
})

/**
 * Random files of records and near-copies of earlier records. Copies keep the source's DOI or
 * drop it, except 'newDoi' (same title and year, another DOI: a protocol and its review).
 */
const WORDS = [
  'anxiety', 'bowel', 'cohort', 'dietary', 'fracture', 'genetic', 'hepatic', 'insulin',
  'kidney', 'lesion', 'mortality', 'neural', 'obesity', 'paediatric', 'quality', 'renal',
  'sepsis', 'therapy', 'ulcer', 'vaccine', 'weight', 'adolescent', 'burden', 'cardiac',
  'exposure', 'fossil', 'growth', 'habitat', 'immune', 'lineage', 'marine', 'nesting',
] // prettier-ignore
type Transform = 'exact' | 'dropDoi' | 'dropYear' | 'recase' | 'typo' | 'newDoi'
type Op =
  | { kind: 'new'; words: string[]; year: number | null; doi: number | null }
  | { kind: 'copy'; from: number; transform: Transform; at: number }
interface Planted extends DedupeRecord {
  source: DedupeRecord | null
  transform: Transform | null
}

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('new' as const),
    words: fc.array(fc.constantFrom(...WORDS), { minLength: 6, maxLength: 12 }),
    year: fc.option(fc.integer({ min: 2000, max: 2003 }), { nil: null, freq: 5 }),
    doi: fc.option(fc.integer({ min: 1, max: 40 }), { nil: null, freq: 3 }),
  }),
  fc.record({
    kind: fc.constant('copy' as const),
    from: fc.nat(),
    transform: fc.constantFrom<Transform>(
      'exact',
      'dropDoi',
      'dropYear',
      'recase',
      'typo',
      'newDoi'
    ),
    at: fc.nat(),
  })
)

/** One edit (delete, double, swap or replace a letter) inside a word: never a digit. */
function typo(title: string, at: number): string {
  const position = (at % (title.length - 1)) + 1
  const letter = title[position] ?? 'a'
  const edits = [
    () => title.slice(0, position) + title.slice(position + 1),
    () => title.slice(0, position) + letter + title.slice(position),
    () =>
      title.slice(0, position - 1) +
      letter +
      (title[position - 1] ?? '') +
      title.slice(position + 1),
    () => title.slice(0, position) + (letter === 'e' ? 'a' : 'e') + title.slice(position + 1),
  ]
  return (edits[at % edits.length] ?? edits[0]!)()
}

function materialise(ops: Op[]): Planted[] {
  const records: Planted[] = []
  for (const op of ops) {
    const id = records.length + 1
    if (op.kind === 'new') {
      const doi = op.doi === null ? null : `10.1/${op.doi}`
      records.push({
        id,
        title: op.words.join(' '),
        year: op.year,
        doi,
        source: null,
        transform: null,
      })
      continue
    }
    const source = records[op.from % Math.max(1, records.length)]
    if (source === undefined) continue
    const copy: Planted = { ...source, id, source, transform: op.transform }
    if (op.transform === 'dropDoi') copy.doi = null
    if (op.transform === 'dropYear') Object.assign(copy, { year: null, doi: null })
    if (op.transform === 'recase') {
      Object.assign(copy, {
        title: `${(source.title ?? '').toUpperCase().replace(' ', '-')}.`,
        doi: null,
      })
    }
    if (op.transform === 'typo')
      Object.assign(copy, { title: typo(source.title ?? '', op.at), doi: null })
    if (op.transform === 'newDoi') copy.doi = `10.9/${id}`
    records.push(copy)
  }
  return records
}

const plain = (records: Planted[]): DedupeRecord[] =>
  records.map(({ id, title, year, doi }) => ({ id, title, year, doi }))

function groupsOf(records: DedupeRecord[], matches: DuplicateMatch[]): Map<number, DedupeRecord[]> {
  const rootOf = new Map(matches.map((m) => [m.id, m.duplicateOf]))
  const groups = new Map<number, DedupeRecord[]>()
  for (const record of records) {
    const root = rootOf.get(record.id) ?? record.id
    groups.set(root, [...(groups.get(root) ?? []), record])
  }
  return groups
}

// FC_RUNS=20000 for a longer hunt; the default keeps the suite fast.
const RUNS = { numRuns: Number(process.env.FC_RUNS ?? 200) }

describe('properties', () => {
  const files = fc.array(opArb, { minLength: 1, maxLength: 60 }).map(materialise)

  it('finds every exact copy, and every one-typo copy of a dated record', () => {
    fc.assert(
      fc.property(files, (records) => {
        const matched = new Set(findDuplicates(plain(records)).map((m) => m.id))
        for (const record of records) {
          const { source, transform } = record
          if (source === null || transform === 'newDoi') continue
          if (transform === 'typo' && source.year === null) continue
          expect(matched.has(record.id), `${transform} copy ${record.id}`).toBe(true)
        }
      }),
      RUNS
    )
  })

  it('never puts two different DOIs in one group, and never chains', () => {
    fc.assert(
      fc.property(files, (records) => {
        const matches = findDuplicates(plain(records))
        const duplicates = new Set(matches.map((m) => m.id))
        for (const m of matches) {
          expect(duplicates.has(m.duplicateOf)).toBe(false)
          expect(m.duplicateOf).toBeLessThan(m.id)
          expect(m.score).toBeGreaterThanOrEqual(0.95)
          expect(m.score).toBeLessThanOrEqual(1)
        }
        for (const group of groupsOf(plain(records), matches).values()) {
          expect(new Set(group.flatMap((x) => (x.doi === null ? [] : [x.doi]))).size).toBeLessThan(
            2
          )
        }
      }),
      RUNS
    )
  })

  it('matches each duplicate to a group holding a record it pairs with', () => {
    fc.assert(
      fc.property(files, (records) => {
        const all = plain(records)
        const matches = findDuplicates(all)
        const groups = groupsOf(all, matches)
        for (const m of matches) {
          const record = all[m.id - 1]!
          const earlier = (groups.get(m.duplicateOf) ?? []).filter((x) => x.id < m.id)
          expect(earlier.some((x) => compareRecords(record, x).duplicate)).toBe(true)
        }
      }),
      RUNS
    )
  })

  it('does not depend on how the records are split into imports', () => {
    fc.assert(
      fc.property(files, fc.nat(), (records, cut) => {
        const all = plain(records)
        const split = cut % (all.length + 1)
        const head = all.slice(0, split)
        const headMatches = new Map(findDuplicates(head).map((m) => [m.id, m.duplicateOf]))
        const index = createDedupeIndex(
          head.map((x) => ({ ...x, duplicateOf: headMatches.get(x.id) }))
        )
        const tail = all.slice(split).map((x) => index.add(x))
        const expected = findDuplicates(all).filter((m) => m.id > split)
        expect(tail.filter((m) => m !== null)).toEqual(expected)
      }),
      RUNS
    )
  })

  it('loses nothing to blocking on these files', () => {
    fc.assert(
      fc.property(files, (records) => {
        const exhaustive = createDedupeIndex([], { exhaustive: true })
        const slow = plain(records).map((x) => exhaustive.add(x))
        expect(slow.filter((m) => m !== null)).toEqual(findDuplicates(plain(records)))
      }),
      RUNS
    )
  })

  it('is symmetric', () => {
    fc.assert(
      fc.property(files, fc.nat(), fc.nat(), (records, i, j) => {
        fc.pre(records.length > 0)
        const a = records[i % records.length]!
        const b = records[j % records.length]!
        expect(compareRecords(a, b)).toEqual(compareRecords(b, a))
      }),
      RUNS
    )
  })
})
