// Vocabulary for bench/gen-ris.ts: words, names and journals (invented or generic), and the
// pieces of a record built from them.

const VOCAB = (
  'adults adherence analysis anxiety association baseline biomarker burden cancer care cardiac ' +
  'children chronic clinical cohort community comparison control cost cross-sectional data ' +
  'depression design diabetes diagnosis dietary disease dose effect effectiveness efficacy ' +
  'elderly evidence exercise exposure factors findings follow-up frailty guideline health ' +
  'hospital implementation incidence infection inflammation intervention interviews lifestyle ' +
  'longitudinal management measures mental methods model mortality nursing obesity outcomes ' +
  'pain participants patients pathway physical policy population practice pregnancy prevalence ' +
  'prevention primary quality randomised rates recovery reduction rehabilitation risk safety ' +
  'sample screening self-management services setting sleep smoking social stroke support ' +
  'survey symptoms therapy training treatment trial uptake validation wellbeing women workers'
).split(' ')
const FANCY = [
  'naïve',
  'café',
  'Zürich',
  'β-blocker',
  'São Paulo',
  '≥65',
  'µg/kg',
  '“usual care”',
  'Ångström',
  'Łódź',
]
const SURNAMES = (
  'Abbott Achebe Baker Bergstrom Chen Costa Davies Dlamini Evans Fernandes Fischer Garcia ' +
  'Gupta Hansen Haddad Ito Jensen Kaur Kowalczyk Larsen Lopez Mbeki Moreau Nakamura Novak ' +
  'Okafor Olsen Patel Petrov Quinn Rossi Santos Schmidt Singh Tanaka Torres Usman Varga Wang ' +
  "Williams Xu Yamamoto Zhang O'Neill McCarthy"
).split(' ')
const FANCY_SURNAMES = [
  'Müller',
  'Núñez',
  'Sørensen',
  'Dvořák',
  'Çelik',
  'van der Berg',
  'Ó Briain',
]
const GIVEN =
  'Ada Ben Carla Dmitri Emeka Fatima Grace Hiro Ines Jonas Kofi Lena Mateo Nadia Omar Priya Quentin Rosa Sven Tomas Uma Victor Wen Yara Zoe'.split(
    ' '
  )
export const JOURNALS: [string, string, string][] = [
  ['Journal of Clinical Nursing', 'J Clin Nurs', '0962-1067'],
  ['BMC Health Services Research', 'BMC Health Serv Res', '1472-6963'],
  ['Preventive Medicine', 'Prev Med', '0091-7435'],
  ['Age and Ageing', 'Age Ageing', '0002-0729'],
  ['Implementation Science', 'Implement Sci', '1748-5908'],
  ['Journal of Psychosomatic Research', 'J Psychosom Res', '0022-3999'],
  ['Social Science & Medicine', 'Soc Sci Med', '0277-9536'],
  ['Trials', 'Trials', '1745-6215'],
  ['European Journal of Public Health', 'Eur J Public Health', '1101-1262'],
  ['Health Psychology Review', 'Health Psychol Rev', '1743-7199'],
]
export const MONTHS = 'JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC'.split(' ')

export type Random = () => number
export const int = (r: Random, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1))
export const pick = <T>(r: Random, list: readonly T[]): T => list[Math.floor(r() * list.length)]!

export function words(r: Random, n: number, unicode: boolean): string[] {
  const out = Array.from({ length: n }, () => pick(r, VOCAB))
  if (unicode) out[int(r, 0, n - 1)] = pick(r, FANCY)
  return out
}

export const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

export function abstract(r: Random, unicode: boolean): string {
  const sentences: string[] = []
  const headings = r() < 0.5 ? ['BACKGROUND:', 'METHODS:', 'RESULTS:', 'CONCLUSIONS:'] : []
  for (let n = 0, target = int(r, 220, 340); n < target;) {
    const k = int(r, 12, 30)
    let s = `${capital(words(r, k, unicode && r() < 0.3).join(' '))}.`
    if (headings.length && (n === 0 || r() < 0.2)) s = `${headings.shift()} ${s}`
    sentences.push(s)
    n += k
  }
  return sentences.join(' ')
}

export function author(r: Random, unicode: boolean): string {
  const surname = unicode && r() < 0.4 ? pick(r, FANCY_SURNAMES) : pick(r, SURNAMES)
  const given = pick(r, GIVEN)
  return r() < 0.6 ? `${surname}, ${given}` : `${surname}, ${given.charAt(0)}.`
}

/** Hard-wraps at ~76 characters, as some exporters and e-mail clients do. */
export function wrapText(text: string): string[] {
  const out: string[] = []
  let line = ''
  for (const w of text.split(' ')) {
    if (line && line.length + 1 + w.length > 76) {
      out.push(line)
      line = w
    } else line = line ? `${line} ${w}` : w
  }
  if (line) out.push(line)
  return out
}
