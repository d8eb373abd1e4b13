// PubMed's MEDLINE format (.nbib): `PMID- 123`, tags padded to four characters (`TI  - `,
// `FAU - `), wrapped values continued on lines indented by six spaces, records separated by a
// blank line.
import type { ParseEvent } from './bibliographic.ts'
import {
  TagSet,
  TagValues,
  collapse,
  findDoi,
  findYear,
  type NormalisedFields,
} from './normalise.ts'
import { Draft, Junk, finishRecord, warn, type RecordCounter } from './ris-draft.ts'
import { trimmedSlice } from './ris-reader.ts'

/** Where the value starts if `line` is a MEDLINE tag line (`PMID- 1`, `AU  - X`), else -1. */
export function nbibValueStart(line: string, s = 0, end = line.length): number {
  if (end - s < 5) return -1
  const c0 = line.charCodeAt(s)
  if (!(c0 >= 65 && c0 <= 90) || line.charCodeAt(s + 4) !== 45) return -1
  for (let i = s + 1; i < s + 4; i++) {
    const c = line.charCodeAt(i)
    if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 32)) return -1
  }
  if (end === s + 5) return end
  return line.charCodeAt(s + 5) === 32 ? s + 6 : -1
}

export class NbibReader {
  private rec: Draft | null = null
  private readonly counter: RecordCounter = { records: 0 }
  private readonly junk = new Junk()

  constructor(private readonly out: ParseEvent[]) {}

  readonly line = (text: string, start: number, end: number, no: number): void => {
    const s = start < end && text.charCodeAt(start) === 0xfeff ? start + 1 : start
    const v = nbibValueStart(text, s, end)
    if (v < 0) {
      const value = trimmedSlice(text, s, end)
      // A blank line ends the record.
      if (value === '') this.close()
      else if (this.rec) this.rec.continueWith(value, no, null)
      else this.junk.add(value, no)
      return
    }
    const tag = text.slice(s, s + 4).trimEnd()
    const value = trimmedSlice(text, v, end)
    if (tag === 'PMID') {
      this.close()
      this.rec = new Draft(no, false)
    } else if (!this.rec) {
      warn(this.out, no, `the record starting on line ${no} has no PMID line; it is kept`)
      this.rec = new Draft(no, false)
    }
    this.rec.add(tag, value, no)
  }

  end() {
    this.close()
    this.junk.report(this.out)
  }

  private close() {
    if (!this.rec) return
    finishRecord(this.out, this.counter, this.rec, normaliseNbib)
    this.rec = null
  }
}

// Publication types (PT) → RIS types. PubMed lists several per record ("Journal Article",
// "Review", "Randomized Controlled Trial"); the first mapped one wins, else JOUR.
const PT_TYPES: Record<string, string> = {
  book: 'BOOK',
  'book chapter': 'CHAP',
  dataset: 'DATA',
  preprint: 'JOUR',
  'technical report': 'RPRT',
  congress: 'CONF',
  'clinical conference': 'CONF',
  'consensus development conference': 'CONF',
  news: 'NEWS',
  'newspaper article': 'NEWS',
}

const NBIB_TAGS = new TagSet('PT TI BTI TT AB FAU AU DP DEP JT TA AID LID MH OT'.split(' '))

const collapsed = (value: string) => collapse(value) || null

/** `10.1007/s40262-011-0017-4 [doi]` → the DOI; `S0140-6736(20)30183-5 [pii]` → null. */
const taggedDoi = (value: string) => {
  const m = /^(.*?)\s*\[doi\]$/i.exec(value)
  return m ? findDoi(m[1]!) : null
}

export function normaliseNbib(raw: readonly (readonly [string, string])[]): NormalisedFields {
  const tags = new TagValues(raw, NBIB_TAGS)
  const fau = tags.all('FAU')
  return {
    type: tags.first(['PT'], (pt) => PT_TYPES[pt.toLowerCase()] ?? null) ?? 'JOUR',
    title: tags.first(['TI', 'BTI', 'TT'], collapsed),
    abstract: tags.first(['AB'], collapsed),
    authors: fau.length ? fau : tags.all('AU'),
    year: tags.first(['DP', 'DEP'], findYear),
    journal: tags.first(['JT', 'TA'], collapsed),
    doi: tags.first(['AID', 'LID'], taggedDoi),
    keywords: [...tags.all('MH'), ...tags.all('OT')],
    database: null,
  }
}
