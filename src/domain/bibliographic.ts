// Winnow's reader for bibliographic exports: RIS and PubMed MEDLINE (.nbib), streamed one record
// at a time. Pure: bytes in, events out; the caller opens the file.
//
// Pipeline: sniff the first SNIFF_BYTES (encoding, then format, or refuse) → decode → split lines
// → RIS or MEDLINE state machine → normalise. Nothing here throws on any input: every problem is
// a warning with its line number, and a file that is not RIS/.nbib is refused before any record.
import { NbibReader } from './nbib.ts'
import type { NormalisedFields } from './normalise.ts'
import { LineSplitter } from './ris-lines.ts'
import { RisReader } from './ris-reader.ts'
import { sniff } from './ris-sniff.ts'
import { SNIFF_BYTES, createDecoder } from './text-decode.ts'
import { concatBytes } from './text-utf8.ts'

export interface ParsedRecord extends NormalisedFields {
  /** 1-based ordinal in the file. */
  position: number
  /** Line of its TY (or PMID, or first tag for an implicit record). */
  startLine: number
  /** Every tag in file order, continuation values included. */
  raw: [string, string][]
}

export interface ParseWarning {
  line: number | null
  message: string
}

export type ParseEvent =
  | { kind: 'format'; format: 'ris' | 'nbib'; encoding: string }
  | { kind: 'refused'; looksLike: string; message: string }
  | { kind: 'record'; record: ParsedRecord }
  | { kind: 'warning'; warning: ParseWarning }
  | { kind: 'end'; records: number; warnings: number; lines: number }

export async function* readBibliographic(
  chunks: AsyncIterable<Uint8Array>
): AsyncGenerator<ParseEvent> {
  const source = chunks[Symbol.asyncIterator]()
  let exhausted = false
  try {
    // Collect at least SNIFF_BYTES, but decide on exactly the first SNIFF_BYTES so the decision
    // does not depend on how the stream happens to be chunked.
    const head: Uint8Array[] = []
    let size = 0
    while (size < SNIFF_BYTES) {
      const next = await source.next()
      if (next.done) {
        exhausted = true
        break
      }
      head.push(next.value)
      size += next.value.length
    }
    const start = concatBytes(head, size)
    const verdict = sniff(start.subarray(0, SNIFF_BYTES), size < SNIFF_BYTES)
    if (!verdict.ok) {
      yield { kind: 'refused', looksLike: verdict.looksLike, message: verdict.message }
      return
    }
    yield { kind: 'format', format: verdict.format, encoding: verdict.encoding }

    const out: ParseEvent[] = []
    let warnings = 0
    let records = 0
    const reader = verdict.format === 'ris' ? new RisReader(out) : new NbibReader(out)
    const lines = new LineSplitter(reader.line)
    const legacy = { count: 0, first: 0 }
    const decoder = createDecoder(verdict.encoding, (text, isLegacy) => {
      if (isLegacy && legacy.count++ === 0) {
        legacy.first = lines.nextLineNumber()
        out.push({ kind: 'warning', warning: { line: legacy.first, message: legacyMessage(1) } })
      }
      lines.push(text)
    })
    if (verdict.nul)
      out.push({
        kind: 'warning',
        warning: { line: null, message: 'the file contains NUL bytes; they are kept as text' },
      })

    function* drain(): Generator<ParseEvent> {
      for (const event of out) {
        if (event.kind === 'warning') warnings++
        else if (event.kind === 'record') records++
        yield event
      }
      out.length = 0
    }

    decoder.push(start.subarray(verdict.skip))
    yield* drain()
    while (!exhausted) {
      const next = await source.next()
      if (next.done) {
        exhausted = true
        break
      }
      if (next.value.length === 0) continue
      decoder.push(next.value)
      yield* drain()
    }
    decoder.end()
    lines.end()
    reader.end()
    if (legacy.count > 1)
      out.push({
        kind: 'warning',
        warning: { line: legacy.first, message: legacyMessage(legacy.count) },
      })
    yield* drain()
    yield { kind: 'end', records, warnings, lines: lines.line }
  } finally {
    // Stopped early (refused, or the consumer broke off): let the source close its file.
    if (!exhausted) await source.return?.()
  }
}

function legacyMessage(count: number): string {
  return count === 1
    ? 'not valid UTF-8: this line was read as windows-1252'
    : `${count} lines were not valid UTF-8 and were read as windows-1252 (the first on this line)`
}
