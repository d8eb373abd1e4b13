// The pieces both readers (RIS and MEDLINE .nbib) build records with.
import type { ParseEvent, ParsedRecord } from './bibliographic.ts'
import type { NormalisedFields } from './normalise.ts'

export interface RecordCounter {
  records: number
}

export function warn(out: ParseEvent[], line: number | null, message: string) {
  out.push({ kind: 'warning', warning: { line, message } })
}

/** A record being read: its raw tags in file order. */
export class Draft {
  readonly raw: [string, string][] = []
  /** The line of each raw entry, kept only while it is unsure whether the lines are a record. */
  readonly lines: number[] | null
  // Wrapped lines of the last entry, joined once when it is complete: a long run of them
  // (an old Scopus N1 with hundreds of references) must not be concatenated line by line.
  private cont: string[] | null = null

  constructor(
    readonly startLine: number,
    trackLines: boolean
  ) {
    this.lines = trackLines ? [] : null
  }

  add(tag: string, value: string, line: number) {
    if (this.cont) this.flush()
    this.raw.push([tag, value])
    this.lines?.push(line)
  }

  /** An untagged line: one more value of a list tag, or more text of any other tag. */
  continueWith(value: string, line: number, listTags: ReadonlySet<string> | null) {
    const last = this.raw[this.raw.length - 1]
    if (!last) return this.add('', value, line) // unreachable: a draft starts with a tag
    if (listTags?.has(last[0])) {
      this.raw.push([last[0], value])
      this.lines?.push(line)
    } else (this.cont ??= []).push(value)
  }

  flush() {
    const cont = this.cont
    const last = this.raw[this.raw.length - 1]
    if (!cont || !last) return
    this.cont = null
    const more = cont.length === 1 ? cont[0]! : cont.join(' ')
    last[1] = last[1] === '' ? more : `${last[1]} ${more}`
  }
}

export function finishRecord(
  out: ParseEvent[],
  counter: RecordCounter,
  draft: Draft,
  normalise: (raw: [string, string][]) => NormalisedFields
) {
  draft.flush()
  const f = normalise(draft.raw)
  const record: ParsedRecord = {
    position: ++counter.records,
    startLine: draft.startLine,
    raw: draft.raw,
    type: f.type,
    title: f.title,
    abstract: f.abstract,
    authors: f.authors,
    year: f.year,
    journal: f.journal,
    doi: f.doi,
    keywords: f.keywords,
    database: f.database,
  }
  out.push({ kind: 'record', record })
  if (record.title === null)
    warn(out, draft.startLine, `record ${record.position} (line ${draft.startLine}) has no title`)
}

/** Untagged lines outside any record (Ovid's `Link to the Ovid Full Text...`, Cochrane's
 * `Provider: ...`): reported once, with the first one, rather than once per record. */
export class Junk {
  private count = 0
  private firstLine = 0
  private firstText = ''

  add(text: string, line: number) {
    if (this.count++ === 0) {
      this.firstLine = line
      this.firstText = text.length > 80 ? `${text.slice(0, 77)}...` : text
    }
  }

  report(out: ParseEvent[]) {
    if (this.count === 0) return
    const lines = this.count === 1 ? 'an untagged line' : `${this.count} untagged lines`
    warn(
      out,
      this.firstLine,
      `${lines} outside any record ignored (first on line ${this.firstLine}: "${this.firstText}")`
    )
  }
}
