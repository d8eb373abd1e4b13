// Exporter profiles for bench/gen-ris.ts: how each database or reference manager writes a record,
// and what Winnow's normalised fields for it must be (SPEC §2.1).

import {
  JOURNALS,
  MONTHS,
  abstract,
  author,
  capital,
  int,
  pick,
  words,
  wrapText,
  type Random,
} from './gen-ris-words.ts'

export const PROFILES = ['scopus', 'ovid', 'ebsco', 'endnote', 'wos', 'zotero', 'scholar'] as const
export type Profile = (typeof PROFILES)[number]

export interface Truth {
  position: number
  profile: Profile
  type: string
  title: string | null
  abstract: string | null
  authors: string[]
  year: number
  journal: string | null
  doi: string | null
  keywords: string[]
  database: string | null
}

export function emitRecord(
  r: Random,
  profile: Profile,
  index: number,
  opts: { wrap: boolean; unicode: boolean }
): { lines: string[]; truth: Truth } {
  const u = opts.unicode
  const title = capital(words(r, int(r, 6, 18), u).join(' '))
  const ab = abstract(r, u)
  const authors = Array.from({ length: int(r, 2, 12) }, () => author(r, u))
  const keywords = Array.from({ length: int(r, 3, 14) }, () =>
    words(r, int(r, 1, 3), false).join(' ')
  )
  const [journal, abbr, issn] = pick(r, JOURNALS)
  const year = int(r, 1978, 2025)
  const [month, day] = [int(r, 1, 12), int(r, 1, 28)]
  const doi = `10.${int(r, 1000, 9999)}/${pick(r, ['jcn', 's12913', 'ypmed', 'ageing'])}.${year}.${int(r, 1000, 999999)}`
  const sp = int(r, 1, 1800)
  const ep = sp + int(r, 2, 18)
  const id = String(int(r, 10000000, 39999999))
  const mm = String(month).padStart(2, '0')
  const dd = String(day).padStart(2, '0')

  const L: string[] = []
  // t('TI', title, 'PY', year): tag/value pairs, one line each.
  const t = (...pairs: (string | number)[]) => {
    for (let i = 0; i < pairs.length; i += 2) L.push(`${pairs[i]}  - ${pairs[i + 1]}`)
  }
  const abstractLines = (tag: string) => {
    const [first, ...rest] = opts.wrap ? wrapText(ab) : [ab]
    L.push(`${tag}  - ${first}`, ...rest)
  }
  const truth: Truth = {
    position: index + 1,
    profile,
    type: 'JOUR',
    title,
    abstract: ab,
    authors,
    year,
    journal,
    doi,
    keywords,
    database: null,
  }

  switch (profile) {
    case 'scopus': {
      t('TY', 'JOUR')
      authors.forEach((a) => t('AU', a))
      t('TI', title, 'PY', year, 'T2', journal, 'VL', int(r, 1, 90), 'IS', int(r, 1, 12))
      t('SP', sp, 'EP', ep, 'DO', doi)
      t(
        'UR',
        `https://www.scopus.com/inward/record.uri?eid=2-s2.0-${id}&doi=${encodeURIComponent(doi)}&partnerID=40`
      )
      abstractLines('AB')
      keywords.forEach((k) => t('KW', k))
      t('SN', `${issn.replace('-', '')} (ISSN)`, 'LA', 'English', 'J2', abbr, 'M3', 'Article')
      t('DB', 'Scopus', 'N1', `Export Date: 05 August 2024; Cited By: ${int(r, 0, 400)}`)
      L.push('ER  - ', '')
      truth.database = 'Scopus'
      break
    }
    case 'ovid': {
      L.unshift(`${index + 1}. `)
      t('TY', 'JOUR', 'DB', 'Ovid MEDLINE(R) ALL', 'ID', id, 'DO', `http://dx.doi.org/${doi}`)
      t('T1', `${title}.`)
      authors.forEach((a) => t('A1', a))
      t('Y1', `${year}//`)
      abstractLines('N2')
      const kw = keywords.map((k) => (r() < 0.3 ? `*${capital(k)}` : capital(k)))
      kw.forEach((k) => t('KW', k))
      t('JF', journal, 'JA', abbr, 'SP', sp, 'EP', ep, 'SN', issn)
      t('UR', `http://ovidsp.ovid.com/ovidweb.cgi?T=JS&PAGE=reference&D=medl&NEWS=N&AN=${id}`)
      L.push(
        'ER  -  ',
        `NL  - ${abbr}`,
        '',
        `Link to the Ovid Full Text or citation: http://ovidsp.ovid.com/ovidweb.cgi?T=JS&AN=${id}`,
        ''
      )
      Object.assign(truth, { title: `${title}.`, keywords: kw, database: 'Ovid MEDLINE(R) ALL' })
      break
    }
    case 'ebsco': {
      t('TY', 'JOUR')
      authors.forEach((a) => t('AU', a))
      t('T1', `${title}.`, 'JO', journal, 'JF', journal, 'Y1', `${year}/${mm}/${dd}/`)
      t('M3', 'Article', 'SP', sp, 'EP', ep, 'SN', issn.replace('-', ''))
      abstractLines('AB')
      t(
        'AB',
        `Copyright of ${journal} is the property of Example Press and its content may not be copied or emailed to multiple sites without the copyright holder's express written permission.`
      )
      keywords.forEach((k) => t('KW', k.toUpperCase()))
      t('N1', `Accession Number: ${id}; Publication Type: Article`, 'L3', doi)
      t('UR', `https://search.ebscohost.com/login.aspx?direct=true&db=rzh&AN=${id}&site=ehost-live`)
      t('DP', 'EBSCOhost', 'DB', 'rzh')
      L.push('ER  - ', '')
      Object.assign(truth, {
        title: `${title}.`,
        keywords: keywords.map((k) => k.toUpperCase()),
        database: 'rzh',
      })
      break
    }
    case 'endnote': {
      // Alphabetical tags; KW, DB and N1 extra values on untagged lines; T2 is the abbreviation.
      t('TY', 'JOUR')
      abstractLines('AB')
      t('AN', id)
      authors.forEach((a) => t('AU', a))
      t('DA', capital(MONTHS[month - 1]!.toLowerCase()))
      L.push('DB  - Embase', 'Medline')
      t('DO', doi)
      t('DP', 'NLM', 'ET', `${year}/${mm}/${dd}`)
      L.push(`KW  - ${keywords[0]}`, ...keywords.slice(1))
      t('LA', 'eng')
      L.push(`N1  - ${issn}`, 'Journal Article')
      t('PY', year, 'SN', issn, 'SP', `${sp}-${String(ep).slice(-2)}`)
      t('ST', title, 'T2', abbr, 'TI', title, 'ID', index + 1)
      L.push('ER  - ', '')
      Object.assign(truth, { journal: abbr, database: 'Embase' })
      break
    }
    case 'wos': {
      const initials = authors.map((a) => a.replace(/, (.).*$/, ', $1'))
      t('TY', 'JOUR')
      initials.forEach((a) => t('AU', a))
      t('TI', title, 'T2', journal.toUpperCase(), 'LA', 'English')
      keywords.forEach((k) => t('KW', k.toUpperCase()))
      // WoS indents the paragraphs of an abstract by three spaces.
      const [first, ...rest] = opts.wrap ? wrapText(ab) : [ab]
      L.push(`AB  - ${first}`, ...rest.map((l) => `   ${l}`))
      t('PU', 'EXAMPLE SCIENCE INC', 'PI', 'NEW YORK', 'SN', issn, 'J9', abbr.toUpperCase())
      t('JI', abbr, 'DA', `${MONTHS[month - 1]} ${day}`, 'PY', year, 'SP', sp, 'EP', ep)
      t('DO', doi, 'AN', `WOS:000${id}00002`)
      L.push(
        `N1  - Times Cited in Web of Science Core Collection:  ${int(r, 0, 99)}`,
        `Total Times Cited:  ${int(r, 0, 120)}`
      )
      L.push('ER  -', '')
      Object.assign(truth, {
        authors: initials,
        journal: journal.toUpperCase(),
        keywords: keywords.map((k) => k.toUpperCase()),
      })
      break
    }
    case 'zotero': {
      t('TY', 'JOUR', 'TI', title)
      authors.forEach((a) => t('AU', a))
      t('T2', journal)
      abstractLines('AB')
      t('DA', `${year}/${mm}/${dd}/`, 'PY', year, 'DO', doi, 'SP', `${sp}-${ep}`, 'J2', abbr)
      t('LA', 'eng', 'SN', issn, 'UR', `https://doi.org/${doi}`, 'DB', 'PubMed')
      keywords.forEach((k) => t('KW', k))
      L.push('ER  - ', '')
      truth.database = 'PubMed'
      break
    }
    case 'scholar': {
      t('TY', 'JOUR', 'T1', title)
      authors.forEach((a) => t('A1', a))
      t('JO', journal, 'SP', sp, 'EP', ep, 'SN', issn, 'Y1', year, 'PB', 'Example Press')
      L.push('ER  - ', '', '')
      Object.assign(truth, { abstract: null, doi: null, keywords: [] })
      break
    }
  }
  return { lines: L, truth }
}
