// The RIS state machine: numbered lines in, record and warning events out. Never throws, never
// drops a tag silently: whatever cannot be kept on a record becomes a warning with its line.
import type { ParseEvent } from './bibliographic.ts'
import { normaliseRis } from './normalise.ts'
import { Draft, Junk, finishRecord, warn, type RecordCounter } from './ris-draft.ts'

// Untagged lines inside a record continue the tag above. For these tags each such line is one
// more value (EndNote writes KW, DB, SN, AD lists this way); for all others, text fields such as
// AB, N1 and TI, it is the same value wrapped, joined with one space.
const LIST_TAGS = new Set('AU A1 A2 A3 A4 ED AD KW DB DP SN UR L1 L2 L3 L4 LK DO'.split(' '))

// Lines between records that carry no data: Ovid numbers records (`1. `), Cochrane writes
// `Record #3 of 18`, Ovid's text export `<1>`.
const NUMBERING = /^(?:\d+\.?|<\d+>|record #?\d+ of \d+)$/i

// Dense (every slot a string) so V8 keeps it a fast array; indexed by the two char codes.
const TAGS: string[] = Array.from({ length: 128 * 128 }, () => '')

/** The interned two-character tag, so the hot path allocates no string per line. */
function tagOf(c0: number, c1: number): string {
  const key = (c0 << 7) | c1
  const tag = TAGS[key]!
  return tag === '' ? (TAGS[key] = String.fromCharCode(c0, c1)) : tag
}

/** Where the value starts if `line` (from `s`) is a tag line (`TY  - JOUR`, `TY - JOUR`,
 * `TY  -  JOUR`, `ER  -`), else -1. Char-code checks: this runs on every line of the file. */
export function tagValueStart(line: string, s: number, end = line.length): number {
  if (end - s < 4) return -1 // the shortest tag line is `ER -`
  const c0 = line.charCodeAt(s)
  if (!(c0 >= 65 && c0 <= 90)) return -1
  const c1 = line.charCodeAt(s + 1)
  if (!((c1 >= 65 && c1 <= 90) || (c1 >= 48 && c1 <= 57))) return -1
  let p = s + 2
  if (line.charCodeAt(p) !== 32) return -1
  if (line.charCodeAt(++p) === 32 && ++p === end) return -1
  if (line.charCodeAt(p) !== 45) return -1
  if (++p === end) return p
  const c = line.charCodeAt(p)
  return c === 32 || c === 9 ? p : -1
}

/** `text.slice(start, end).trim()` with one allocation instead of two. */
export function trimmedSlice(text: string, start: number, end: number): string {
  while (start < end && isSpace(text.charCodeAt(start))) start++
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--
  return start === end ? '' : text.slice(start, end)
}

/** Exactly the characters String.prototype.trim removes. */
function isSpace(c: number): boolean {
  if (c > 32 && c < 0xa0) return false
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  )
}

export class RisReader {
  private rec: Draft | null = null
  // Tag lines met outside a record. Whether they are a record without TY (ended by ER, or before
  // the first TY) or junk after an ER (Ovid's `NL  - ...`) is known only at the next TY/ER/EOF.
  private pending: Draft | null = null
  private seenRecord = false
  private readonly counter: RecordCounter = { records: 0 }
  private readonly junk = new Junk()

  constructor(private readonly out: ParseEvent[]) {}

  readonly line = (text: string, start: number, end: number, no: number): void => {
    // A BOM can sit at the start of any line when exports were concatenated.
    const s = start < end && text.charCodeAt(start) === 0xfeff ? start + 1 : start
    const v = tagValueStart(text, s, end)
    if (v < 0) return this.untagged(trimmedSlice(text, s, end), no)
    const c0 = text.charCodeAt(s)
    const c1 = text.charCodeAt(s + 1)
    const value = trimmedSlice(text, v, end)
    if (c0 === 84 && c1 === 89) return this.startRecord(value, no) // TY
    if (c0 === 69 && c1 === 82) return this.endRecord(value, no) // ER
    const tag = tagOf(c0, c1)
    if (this.rec) return this.rec.add(tag, value, no)
    if (!this.pending) this.pending = new Draft(no, true)
    this.pending.add(tag, value, no)
  }

  end() {
    if (this.rec) {
      const r = this.rec
      this.rec = null
      warn(
        this.out,
        r.startLine,
        `the record starting on line ${r.startLine} has no ER before the end of the file; it is kept`
      )
      this.finish(r)
    } else if (this.pending) this.resolvePending(null)
    this.junk.report(this.out)
  }

  private untagged(value: string, no: number) {
    if (value === '') return // blank lines are allowed anywhere
    const draft = this.rec ?? this.pending
    // A bare `ER` (its hyphen lost in a hand edit) still ends the record.
    if (value === 'ER' && draft) return this.endRecord('', no)
    if (draft) draft.continueWith(value, no, LIST_TAGS)
    else if (!NUMBERING.test(value)) this.junk.add(value, no)
  }

  private startRecord(type: string, no: number) {
    if (this.rec) {
      const r = this.rec
      warn(
        this.out,
        r.startLine,
        `the record starting on line ${r.startLine} has no ER; it ends before the TY on line ${no}`
      )
      this.finish(r)
    } else if (this.pending) this.resolvePending(no)
    this.rec = new Draft(no, false)
    this.rec.add('TY', type, no)
    this.seenRecord = true
  }

  private endRecord(value: string, no: number) {
    if (value) warn(this.out, no, `text after ER ignored: "${value}"`)
    if (this.rec) {
      const r = this.rec
      this.rec = null
      this.finish(r)
    } else if (this.pending) {
      const p = this.pending
      this.pending = null
      warn(
        this.out,
        p.startLine,
        `the record starting on line ${p.startLine} has no TY; it is kept without a type`
      )
      this.finish(p)
    } else warn(this.out, no, 'ER outside a record ignored')
  }

  /** Tag lines outside a record, ended by the TY on line `tyLine` or by the end of the file. */
  private resolvePending(tyLine: number | null) {
    const p = this.pending!
    this.pending = null
    if (this.seenRecord) {
      p.flush()
      p.raw.forEach(([tag, value], i) => {
        const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value
        warn(this.out, p.lines![i]!, `line outside a record ignored: ${tag}  - ${shown}`)
      })
      return
    }
    const until = tyLine === null ? 'the end of the file' : `the first TY (line ${tyLine})`
    warn(this.out, p.startLine, `tag lines before ${until} are kept as a record without a type`)
    this.seenRecord = true
    this.finish(p)
  }

  private finish(draft: Draft) {
    finishRecord(this.out, this.counter, draft, normaliseRis)
  }
}
