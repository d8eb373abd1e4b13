// Streaming UTF-8 decoding that decides line by line (see text-decode.ts for why): a line that
// is not valid UTF-8 is read as windows-1252 and handed on marked `legacy`.
import { decodeWindows1252, latin1 } from './text-cp1252.ts'
import type { StreamDecoder, TextSink } from './text-decode.ts'

const NON_ASCII = /[^\x00-\x7f]/g
const isBreak = (c: number) => c === 10 || c === 13
// More lines with non-ASCII bytes than this in one segment (a file in Greek or Chinese, say) and
// the segment is decoded in one call instead of line by line.
const MAX_PIECES = 64

export class Utf8LineDecoder implements StreamDecoder {
  private readonly fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
  // Bytes after the last line break seen; a list so a huge line is joined once, not per chunk.
  private carry: Uint8Array[] = []
  private carried = 0

  constructor(private readonly sink: TextSink) {}

  push(bytes: Uint8Array) {
    const cut = Math.max(bytes.lastIndexOf(10), bytes.lastIndexOf(13)) + 1
    if (cut === 0) {
      if (bytes.length) this.keep(bytes)
      return
    }
    let from = 0
    if (this.carried) {
      // Finish the carried line with this chunk's first line, copying only those bytes.
      const lf = bytes.indexOf(10)
      const cr = bytes.indexOf(13)
      from = (lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr)) + 1
      this.decode(this.takeCarry(bytes.subarray(0, from)))
    }
    if (from < cut) this.decode(bytes.subarray(from, cut))
    if (cut < bytes.length) this.keep(bytes.subarray(cut))
  }

  end() {
    if (this.carried) this.decode(this.takeCarry())
  }

  private keep(bytes: Uint8Array) {
    this.carry.push(bytes)
    this.carried += bytes.length
  }

  private takeCarry(tail?: Uint8Array): Uint8Array {
    const parts = tail ? [...this.carry, tail] : this.carry
    const out = concatBytes(parts, this.carried + (tail?.length ?? 0))
    this.carry = []
    this.carried = 0
    return out
  }

  /**
   * `segment` holds whole lines (it ends with a break byte, or at EOF). Most lines of an export
   * are ASCII: those are taken from a latin1 view of the bytes, which is exact for ASCII and
   * gives V8 one-byte strings (half the memory, and every later scan is faster). Only lines
   * with other bytes go through the UTF-8 decoder, one by one.
   */
  private decode(segment: Uint8Array) {
    const ascii = latin1(segment)
    NON_ASCII.lastIndex = 0
    let from = 0
    let pieces = 0
    for (let m = NON_ASCII.exec(ascii); m !== null; m = NON_ASCII.exec(ascii)) {
      let start = m.index
      while (start > from && !isBreak(ascii.charCodeAt(start - 1))) start--
      if (start > from) this.sink(ascii.slice(from, start), false)
      if (++pieces > MAX_PIECES) return this.decodeWhole(segment.subarray(start))
      let end = m.index
      while (end < ascii.length && !isBreak(ascii.charCodeAt(end))) end++
      this.decodeLine(segment.subarray(start, end))
      from = NON_ASCII.lastIndex = end
    }
    if (from < ascii.length) this.sink(from === 0 ? ascii : ascii.slice(from), false)
  }

  private decodeWhole(bytes: Uint8Array) {
    let text: string
    try {
      text = this.fatal.decode(bytes)
    } catch {
      // Some line is not UTF-8: find it. Rare, so line by line is fast enough.
      for (let start = 0; start < bytes.length;) {
        let end = start
        while (end < bytes.length && !isBreak(bytes[end]!)) end++
        while (end < bytes.length && isBreak(bytes[end]!)) end++
        this.decodeLine(bytes.subarray(start, end))
        start = end
      }
      return
    }
    this.sink(text, false)
  }

  private decodeLine(line: Uint8Array) {
    let text: string
    try {
      text = this.fatal.decode(line)
    } catch {
      this.sink(decodeWindows1252(line), true)
      return
    }
    this.sink(text, false)
  }
}

export function concatBytes(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0]!
  const out = new Uint8Array(length)
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}
