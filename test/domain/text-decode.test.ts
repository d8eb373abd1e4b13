import { describe, expect, it } from 'vitest'
import { decodeWindows1252 } from '../../src/domain/text-cp1252.ts'
import { detectEncoding } from '../../src/domain/text-decode.ts'
import { parse, recordsOf, text, warningsOf } from './bib-helpers.ts'

const utf16le = (s: string) => new Uint8Array(Buffer.from(s, 'utf16le'))
const utf16be = (s: string) => new Uint8Array(Buffer.from(s, 'utf16le').swap16())

describe('detectEncoding', () => {
  it.each<[string, Uint8Array, string, number]>([
    ['UTF-8 BOM', Uint8Array.of(0xef, 0xbb, 0xbf, 0x54), 'utf-8-bom', 3],
    ['UTF-16 LE BOM', Uint8Array.of(0xff, 0xfe, 0x54, 0x00), 'utf-16le', 2],
    ['UTF-16 BE BOM', Uint8Array.of(0xfe, 0xff, 0x00, 0x54), 'utf-16be', 2],
    ['UTF-16 LE without BOM', utf16le('TY  - JOUR\n'), 'utf-16le', 0],
    ['UTF-16 BE without BOM', utf16be('TY  - JOUR\n'), 'utf-16be', 0],
    ['ASCII', text('TY  - JOUR\n'), 'utf-8', 0],
    ['UTF-8', text('TI  - Zoë\n'), 'utf-8', 0],
    ['windows-1252', Uint8Array.of(0x54, 0x49, 0x20, 0x5a, 0x6f, 0xeb, 0x0a), 'windows-1252', 0],
  ])('%s', (_, bytes, encoding, skip) => {
    expect(detectEncoding(bytes, true)).toEqual({ encoding, skip })
  })

  it('does not mistake a UTF-8 character cut by the end of the sniff window', () => {
    const cut = text('TI  - 漢').subarray(0, 8)
    expect(detectEncoding(cut, false).encoding).toBe('utf-8')
    expect(detectEncoding(cut, true).encoding).toBe('windows-1252')
  })
})

describe('decodeWindows1252', () => {
  it('maps 0x80–0x9F to the windows-1252 characters, not C1 controls', () => {
    expect(decodeWindows1252(Uint8Array.of(0x80, 0x93, 0x94, 0x96, 0x97, 0x99, 0x9f))).toBe(
      '€“”–—™Ÿ'
    )
    expect(decodeWindows1252(Uint8Array.of(0x81, 0x8d, 0x8f, 0x90, 0x9d))).toBe(
      '\x81\x8d\x8f\x90\x9d'
    )
    expect(decodeWindows1252(Uint8Array.of(0x41, 0xe9, 0xfc, 0xff))).toBe('Aéüÿ')
  })
})

describe('encodings decided late', () => {
  // 64 KB of ASCII records, so the sniff sees valid UTF-8, then windows-1252 bytes.
  const filler = Array.from({ length: 2000 }, (_, i) => `TY  - JOUR\nTI  - Filler ${i}\nER  - \n`)
  const head = text(filler.join(''))
  const fillerLines = filler.length * 3

  it('reads a line that is not UTF-8 as windows-1252 and says which line', async () => {
    const late = Uint8Array.from([
      ...text('TY  - JOUR\nTI  - Caf'),
      0xe9, // é in windows-1252; invalid in UTF-8
      ...text(' au lait\nAU  - M'),
      0xfc, // ü
      ...text('ller, Anna\nAB  - Fine UTF-8: café\nER  - \n'),
    ])
    const bytes = new Uint8Array([...head, ...late])
    expect(head.length).toBeGreaterThan(64 * 1024)
    for (const size of [64 * 1024, 1000, 7]) {
      const events = await parse(bytes, size)
      expect(events[0]).toEqual({ kind: 'format', format: 'ris', encoding: 'utf-8' })
      const last = recordsOf(events).at(-1)!
      expect(last).toMatchObject({
        title: 'Café au lait',
        authors: ['Müller, Anna'],
        abstract: 'Fine UTF-8: café',
      })
      expect(warningsOf(events)).toEqual([
        { line: fillerLines + 2, message: 'not valid UTF-8: this line was read as windows-1252' },
        {
          line: fillerLines + 2,
          message:
            '2 lines were not valid UTF-8 and were read as windows-1252 (the first on this line)',
        },
      ])
    }
  })

  it('reads a whole windows-1252 file as windows-1252 when the start shows it', async () => {
    const bytes = Uint8Array.from([...text('TY  - JOUR\nTI  - Caf'), 0xe9, ...text('\nER  - \n')])
    const events = await parse(bytes)
    expect(events[0]).toEqual({ kind: 'format', format: 'ris', encoding: 'windows-1252' })
    expect(recordsOf(events)[0]!.title).toBe('Café')
    expect(warningsOf(events)).toEqual([])
  })

  it('keeps a UTF-8 character split across chunks', async () => {
    const bytes = text('TY  - JOUR\nTI  - 漢字 and 🦕\nER  - \n')
    for (const size of [1, 2, 3, 13, 14, 15]) {
      expect(recordsOf(await parse(bytes, size))[0]!.title).toBe('漢字 and 🦕')
    }
  })
})
