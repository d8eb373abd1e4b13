// Splits streamed text into numbered lines, whatever the chunk boundaries.
//
// Line breaks are LF, CRLF, CR (classic Mac exports) and CR CR LF. The last is one break, not two:
// it is what a CRLF file becomes after one more LF→CRLF conversion (Citavi writes it inside
// abstracts), and counting it as two would put every later line number off from what the user's
// editor shows for the rest of the file. A CR at the very end of a chunk is therefore undecided
// until the next chunk arrives, and its line is carried over with it.

/** One line: `text.slice(start, end)`, handed over unsliced so a reader can slice out only the
 * value it keeps (one string per line instead of two). */
export type LineHandler = (text: string, start: number, end: number, line: number) => void

export class LineSplitter {
  /** Lines completed so far (the last line handed out). */
  line = 0
  private carry: string[] = []
  private carryEndsWithCr = false

  constructor(private readonly onLine: LineHandler) {}

  push(text: string) {
    if (text.length === 0) return
    if (this.carry.length === 0) return this.scan(text, false, '')
    if (this.carryEndsWithCr) {
      // The last piece ended in CR (a CR-only file, or a chunk boundary inside CR LF or CR CR LF):
      // rescan the carried CR with the text.
      this.carry.push(text)
      return this.scan(this.takeCarry(), false, '')
    }
    // The carried piece only starts the first line: prefix it to that line rather than copying
    // it together with the whole chunk. A long line arriving in many chunks is joined once.
    if (text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
      this.carry.push(text)
      return
    }
    this.scan(text, false, this.takeCarry())
  }

  end() {
    if (this.carry.length) this.scan(this.takeCarry(), true, '')
  }

  /** The number the line starting with the next pushed character will get, when that character
   * is not itself a line break (a carried CR, or CR CR, is then a complete break). */
  nextLineNumber(): number {
    let crs = 0
    const last = this.carry[this.carry.length - 1]
    if (this.carryEndsWithCr && last !== undefined) {
      crs = last.charCodeAt(last.length - 1) === 13 ? 1 : 0
      if (crs && last.length > 1 && last.charCodeAt(last.length - 2) === 13) crs = 2
    }
    return this.line + 1 + crs
  }

  private takeCarry(): string {
    const text = this.carry.length === 1 ? this.carry[0]! : this.carry.join('')
    this.carry = []
    this.carryEndsWithCr = false
    return text
  }

  /** Hands out the complete lines of `prefix + text`; `prefix` holds no line break. */
  private scan(text: string, final: boolean, prefix: string) {
    const n = text.length
    let start = 0
    let nl = text.indexOf('\n')
    let cr = text.indexOf('\r')
    while (nl >= 0 || cr >= 0) {
      let brk: number
      let next: number
      if (cr < 0 || (nl >= 0 && nl < cr)) {
        brk = nl
        next = nl + 1
        nl = text.indexOf('\n', next)
      } else {
        brk = cr
        if (cr + 1 >= n) {
          if (!final) break
          next = cr + 1
        } else {
          const c1 = text.charCodeAt(cr + 1)
          if (c1 === 10) next = cr + 2
          else if (c1 !== 13) next = cr + 1
          else if (cr + 2 >= n) {
            if (!final) break
            next = cr + 1
          } else next = text.charCodeAt(cr + 2) === 10 ? cr + 3 : cr + 1
        }
        if (nl >= 0 && nl < next) nl = text.indexOf('\n', next)
        cr = text.indexOf('\r', next)
      }
      if (prefix === '' || start > 0) this.onLine(text, start, brk, ++this.line)
      else {
        const line = prefix + text.slice(0, brk)
        this.onLine(line, 0, line.length, ++this.line)
      }
      start = next
    }
    if (start >= n) return
    const rest = start === 0 ? prefix + text : text.slice(start)
    if (final) this.onLine(rest, 0, rest.length, ++this.line)
    else {
      this.carry.push(rest)
      this.carryEndsWithCr = rest.charCodeAt(rest.length - 1) === 13
    }
  }
}
