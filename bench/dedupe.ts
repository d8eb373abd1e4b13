/**
 * De-duplication benchmark (SPEC §2.2: 100 000 records in seconds, not O(n²)).
 *
 *   node --import tsx bench/dedupe.ts [--harsh] [size ...]     (default: 20000 100000)
 *
 * Synthetic but realistic records: titles of 6–20 words built from a skewed vocabulary with
 * common openings ("The effect of") and design subtitles (": a systematic review and
 * meta-analysis"), so blocks are as crowded as in a real search. ~10 % are exact duplicates of
 * an earlier record (DOI kept on 70 %), ~5 % typo'd or re-typeset variants without DOI, 0.5 %
 * generic titles ("Editorial") that must never merge; DOIs on ~70 % of the rest. Every
 * planted duplicate is known, so recall and precision are exact. With `--harsh` the titles use
 * only ~200 common words, so blocks are far more crowded than with real titles. A naive
 * all-pairs run on 2 000 and 10 000 records shows the speed-up, the quadratic growth, and
 * whether blocking loses any match there.
 */
import { performance } from 'node:perf_hooks'
import {
  createDedupeIndex,
  findDuplicates,
  type DedupeRecord,
  type DuplicateMatch,
} from '../src/domain/dedupe.ts'

/** mulberry32: the same records on every run. */
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const VOCABULARY = (
  'patients children adults women older care health treatment therapy disease risk outcomes ' +
  'depression anxiety pain cancer diabetes obesity stroke asthma dementia infection sepsis ' +
  'surgery exercise diet sleep smoking alcohol pregnancy mortality quality life hospital ' +
  'primary community intervention prevention screening diagnosis management adherence ' +
  'rehabilitation vaccination antibiotic resistance inflammatory bowel kidney cardiac heart ' +
  'failure hypertension blood pressure mental physical activity nursing home caregivers ' +
  'adolescents students workers veterans refugees rural urban income education digital ' +
  'telehealth mobile application cognitive behavioural mindfulness training program support ' +
  'family school workplace emergency department intensive unit ventilation oxygen fracture ' +
  'osteoporosis arthritis chronic acute severe mild early late long term follow up ' +
  'dinosaur fossil cretaceous jurassic theropod sauropod growth bone histology feathers ' +
  'evolution phylogeny morphology skull teeth diet habitat migration climate temperature ' +
  'biomarkers genetic expression inflammation immune microbiota metabolic insulin glucose ' +
  'lipid vitamin supplementation iron anaemia malnutrition stunting breastfeeding neonatal ' +
  'preterm infants maternal perinatal postpartum fertility contraception screening'
).split(' ')
/**
 * Real titles draw on thousands of words (species, drugs, places, genes); a third of the
 * content words come from this long tail of made-up ones. `--harsh` turns it off.
 */
const SYLLABLES = 'ba ce di fo gu la me ni po ru sa te vi zo ar en ol ix um an ter cor phy lin mat gen tox ase ide ium'.split(' ') // prettier-ignore
const TAIL = Array.from({ length: 5000 }, (_, i) => {
  const next = random(1000 + i)
  const parts = 2 + Math.floor(next() * 3)
  return Array.from({ length: parts }, () => SYLLABLES[Math.floor(next() * SYLLABLES.length)]).join(
    ''
  )
})
const LINKS = ['in', 'among', 'with', 'and', 'for', 'of', 'after', 'during', 'versus', 'on']
const OPENINGS = ['The effect of', 'Effects of', 'Association between', 'A randomised controlled trial of', 'Prevalence of', 'Impact of', 'Risk factors for', 'Outcomes of', 'Evaluation of', 'Determinants of'] // prettier-ignore
const DESIGNS = ['a systematic review and meta-analysis', 'a cohort study', 'a cross-sectional study', 'a randomised controlled trial', 'a qualitative study', 'protocol for a systematic review'] // prettier-ignore
const GENERIC = ['Editorial', 'Letter to the editor', 'Erratum', 'Correction', 'Reply', 'Book review', 'Introduction'] // prettier-ignore

type Kind = 'original' | 'exact' | 'variant' | 'generic'
interface Synthetic extends DedupeRecord {
  kind: Kind
  /** The kept record a planted duplicate must point at. */
  truth: number | null
}

function generate(n: number, seed = 42, tailShare = 0.3): Synthetic[] {
  const next = random(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!
  // Skewed towards the start of the vocabulary, as word frequencies are.
  const word = () =>
    next() < tailShare ? pick(TAIL) : VOCABULARY[Math.floor(VOCABULARY.length * next() ** 2)]!
  const title = () => {
    const words: string[] = next() < 0.5 ? [pick(OPENINGS)] : []
    const length = 5 + Math.floor(next() * 12)
    for (let i = 0; i < length; i++) words.push(i % 3 === 2 ? pick(LINKS) : word())
    if (next() < 0.05) words.push(`in ${1990 + Math.floor(next() * 35)}`)
    const text = words.join(' ')
    const sentence = text[0]!.toUpperCase() + text.slice(1)
    return next() < 0.4 ? `${sentence}: ${pick(DESIGNS)}` : sentence
  }
  const originals: Synthetic[] = []
  const records: Synthetic[] = []
  for (let id = 1; id <= n; id++) {
    const roll = next()
    const source = originals.length > 0 ? pick(originals) : undefined
    if (source !== undefined && roll < 0.1) {
      const scholar = next() < 0.02
      const doi = next() < 0.7 && !scholar ? source.doi : null
      const year = scholar ? null : source.year
      records.push({ id, title: source.title, doi, year, kind: 'exact', truth: source.id })
    } else if (source !== undefined && roll < 0.15) {
      const text = vary(source.title ?? '', next)
      records.push({
        id,
        title: text,
        doi: null,
        year: source.year,
        kind: 'variant',
        truth: source.id,
      })
    } else {
      const generic = roll > 0.995
      const doi = generic || next() < 0.7 ? `10.${1000 + (id % 9000)}/bench.${id}` : null
      const year = 1990 + Math.floor(next() * 35)
      const record: Synthetic = { id, title: generic ? pick(GENERIC) : title(), doi, year, kind: generic ? 'generic' : 'original', truth: null } // prettier-ignore
      records.push(record)
      if (!generic) originals.push(record)
    }
  }
  return records
}

/** Re-typeset or mistype a title the way another database would. */
function vary(title: string, next: () => number): string {
  const letters = [...title.matchAll(/[a-z](?=[a-z]{2})/g)].map((m) => m.index)
  const at = () => letters[Math.floor(next() * letters.length)] ?? 1
  const typo = (text: string, i: number) => {
    const edit = Math.floor(next() * 4)
    if (edit === 0) return text.slice(0, i) + text.slice(i + 1)
    if (edit === 1) return text.slice(0, i) + text[i] + text.slice(i)
    if (edit === 2) return text.slice(0, i) + text[i + 1] + text[i] + text.slice(i + 2)
    return text.slice(0, i) + (text[i] === 'e' ? 'a' : 'e') + text.slice(i + 1)
  }
  const ways = [
    () => typo(title, at()),
    () => (title.length >= 60 ? typo(typo(title, at()), at()) : typo(title, at())),
    () => `${title.replace(': ', ' - ')}.`,
    () => title.toUpperCase(),
    () => title.replace(' ', '-').replace('follow up', 'follow-up'),
    () => title.replace(/ (\w+) /, ' <i>$1</i> '),
    () => title.replace(' and ', ' &amp; '),
    () => title.replace('e', 'é'),
  ]
  return ways[Math.floor(next() * ways.length)]!()
}

function score(records: Synthetic[], matches: DuplicateMatch[]) {
  const byId = new Map(matches.map((m) => [m.id, m.duplicateOf]))
  const planted = records.filter((r) => r.truth !== null)
  const found = (kind: Kind) => {
    const ofKind = planted.filter((r) => r.kind === kind)
    const hits = ofKind.filter((r) => byId.get(r.id) === r.truth).length
    return `${hits}/${ofKind.length}`
  }
  const correct = matches.filter((m) => records[m.id - 1]?.truth === m.duplicateOf).length
  const recall = planted.filter((r) => byId.get(r.id) === r.truth).length / planted.length
  return { planted: planted.length, exact: found('exact'), variants: found('variant'), recall, precision: correct / matches.length } // prettier-ignore
}

function time<T>(run: () => T): { value: T; ms: number } {
  const start = performance.now()
  const value = run()
  return { value, ms: performance.now() - start }
}

const plain = (records: Synthetic[]): DedupeRecord[] =>
  records.map(({ id, title, year, doi }) => ({ id, title, year, doi }))

const harsh = process.argv.includes('--harsh')
const tailShare = harsh ? 0 : 0.3
const sizes = process.argv
  .slice(2)
  .filter((arg) => arg !== '--harsh')
  .map(Number)
console.log(
  harsh
    ? 'Vocabulary: ~200 common words only (harsh)'
    : 'Vocabulary: ~200 common words + 5 000-word long tail'
)
findDuplicates(plain(generate(5000, 7))) // warm up the JIT

console.log(
  '| records | time | records/s | matches | planted | exact found | variants found | recall | precision |'
)
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
for (const n of sizes.length > 0 ? sizes : [20_000, 100_000]) {
  const records = generate(n, 42, tailShare)
  const input = plain(records)
  const { value: matches, ms } = time(() => findDuplicates(input))
  const s = score(records, matches)
  const rate = Math.round(n / (ms / 1000)).toLocaleString('en')
  console.log(`| ${n.toLocaleString('en')} | ${(ms / 1000).toFixed(2)} s | ${rate} | ${matches.length} | ${s.planted} | ${s.exact} | ${s.variants} | ${(s.recall * 100).toFixed(2)} % | ${(s.precision * 100).toFixed(2)} % |`) // prettier-ignore
}

console.log('\n| all pairs vs blocking | all pairs | blocking | speed-up | same matches |')
console.log('|---:|---:|---:|---:|---|')
for (const n of [2000, 10_000, 20_000]) {
  const small = plain(generate(n, 3, tailShare))
  const blocked = time(() => findDuplicates(small))
  const naive = time(() => {
    const index = createDedupeIndex([], { exhaustive: true })
    return small.map((r) => index.add(r)).filter((m): m is DuplicateMatch => m !== null)
  })
  const same = JSON.stringify(blocked.value) === JSON.stringify(naive.value)
  const speedUp = (naive.ms / blocked.ms).toFixed(0)
  console.log(`| ${n.toLocaleString('en')} | ${naive.ms.toFixed(0)} ms | ${blocked.ms.toFixed(0)} ms | ${speedUp}× | ${same} (${blocked.value.length}) |`) // prettier-ignore
}
