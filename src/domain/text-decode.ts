// Bytes → text for bibliographic files, streaming and pure.
//
// The encoding is decided on the first SNIFF_BYTES: a BOM, the NUL pattern of BOM-less UTF-16,
// else strict UTF-8, else windows-1252. The catch is a windows-1252 file whose first 64 KB happen
// to be ASCII: it looks like UTF-8 until its first accented byte, maybe deep in the file.
// Re-deciding then would mis-decode what was already emitted (or force buffering the whole
// file), and switching for the rest would garble a UTF-8 file that has one corrupt line. So a
// "UTF-8" file is decoded line by line in effect (text-utf8.ts): each line that is valid UTF-8 is
// UTF-8, each line that is not is read as windows-1252 (every byte is a character, nothing is
// dropped) and the reader warns with its line number. A windows-1252 line that happens to be
// valid UTF-8 is vanishingly rare in real text; CR and LF bytes mark lines in both encodings.
import { decodeWindows1252 } from './text-cp1252.ts'
import { Utf8LineDecoder } from './text-utf8.ts'

export type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252'

/** How much of the file decides encoding and format; always exactly these bytes, so the same
 * file gives the same decision however its chunks are split. */
export const SNIFF_BYTES = 64 * 1024

/** Receives decoded text in order; `legacy` marks one line read as windows-1252 in a UTF-8 file. */
export type TextSink = (text: string, legacy: boolean) => void

export interface StreamDecoder {
  push(bytes: Uint8Array): void
  end(): void
}

export function detectEncoding(
  head: Uint8Array,
  atEof: boolean
): { encoding: Encoding; skip: number } {
  const [b0, b1, b2] = head
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'utf-8-bom', skip: 3 }
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', skip: 2 }
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', skip: 2 }
  const utf16 = utf16ByNulPattern(head)
  if (utf16) return { encoding: utf16, skip: 0 }
  try {
    // stream: true unless at EOF, so a character cut by the end of the sniff window is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: !atEof })
    return { encoding: 'utf-8', skip: 0 }
  } catch {
    return { encoding: 'windows-1252', skip: 0 }
  }
}

/** BOM-less UTF-16: RIS tags and most text are ASCII, so every other byte is NUL. */
function utf16ByNulPattern(head: Uint8Array): Encoding | null {
  const n = Math.min(head.length, 4096) & ~1
  if (n < 4) return null
  let even = 0
  let odd = 0
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) even++
    if (head[i + 1] === 0) odd++
  }
  const pairs = n / 2
  if (odd >= pairs * 0.3 && even <= pairs * 0.05) return 'utf-16le'
  if (even >= pairs * 0.3 && odd <= pairs * 0.05) return 'utf-16be'
  return null
}

/** Non-streaming decode of the sniff window, for format detection only. */
export function decodeHead(head: Uint8Array, encoding: Encoding, skip: number): string {
  if (encoding === 'windows-1252') return decodeWindows1252(head)
  const label = encoding === 'utf-8-bom' ? 'utf-8' : encoding
  return new TextDecoder(label, { ignoreBOM: true }).decode(head.subarray(skip))
}

export function createDecoder(encoding: Encoding, sink: TextSink): StreamDecoder {
  if (encoding === 'utf-8' || encoding === 'utf-8-bom') return new Utf8LineDecoder(sink)
  if (encoding === 'windows-1252')
    return { push: (bytes) => sink(decodeWindows1252(bytes), false), end: () => {} }
  const decoder = new TextDecoder(encoding, { ignoreBOM: true })
  return {
    push: (bytes) => {
      const text = decoder.decode(bytes, { stream: true })
      if (text) sink(text, false)
    },
    end: () => {
      const text = decoder.decode()
      if (text) sink(text, false)
    },
  }
}
