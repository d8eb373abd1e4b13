// Random RIS-like input: tag lines in every spacing, ER present or missing, blank, numbering and
// junk lines, random bytes, every kind of line break, split into chunks at random places.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readBibliographic } from '../../src/domain/bibliographic.ts'
import { endOf, parse, recordsOf, text } from './bib-helpers.ts'

const TAGS = 'TY ER AU A1 TI T1 AB N2 KW PY Y1 DA DO UR N1 L3 M3 T2 JF DB DP SN NL'.split(' ')
const EOL = fc.constantFrom('\n', '\r\n', '\r', '\r\r\n')
const noBreaks = (s: string) => s.replace(/[\r\n]/g, ' ')

type Line = { bytes: Uint8Array; ty: boolean }

const tagLine: fc.Arbitrary<Line> = fc
  .tuple(
    fc.oneof(fc.constantFrom(...TAGS), fc.stringMatching(/^[A-Z][A-Z0-9]$/)),
    fc.constantFrom('  - ', ' - ', '  -  ', '  -', ' -', '  - '),
    fc.string({ unit: 'grapheme', maxLength: 30 })
  )
  .map(([tag, sep, value]) => ({
    bytes: text(noBreaks(`${tag}${sep}${sep.endsWith(' ') ? value : ''}`)),
    ty: tag === 'TY',
  }))

const otherLine: fc.Arbitrary<Line> = fc
  .oneof(
    fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => text(noBreaks(s))),
    fc.constantFrom('', '   ', '1. ', 'Record #3 of 18', '\uFEFFTY  - JOUR').map(text),
    // Bytes that may be invalid UTF-8; no NUL (a NUL file is binary) and no line breaks.
    fc
      .uint8Array({ minLength: 1, maxLength: 12, min: 1 })
      .map((b) => b.map((x) => (x === 10 || x === 13 ? 32 : x)))
  )
  .map((bytes) => ({ bytes, ty: new TextDecoder().decode(bytes).startsWith('\uFEFFTY  - ') }))

const file = fc
  .array(fc.tuple(fc.oneof({ weight: 3, arbitrary: tagLine }, otherLine), EOL), { maxLength: 60 })
  .map((lines) => {
    const parts = lines.flatMap(([line, eol]) => [line.bytes, text(eol)])
    const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
    parts.reduce((at, p) => (bytes.set(p, at), at + p.length), 0)
    return { bytes, tyLines: lines.filter(([line]) => line.ty).length }
  })

const chunkSizes = fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 })

describe('random RIS-like input', () => {
  it('never throws, and ends with an end event (or one refusal)', async () => {
    await fc.assert(
      fc.asyncProperty(file, async ({ bytes }) => {
        const events = await parse(bytes)
        if (events[0]?.kind === 'refused') expect(events).toHaveLength(1)
        else expect(endOf(events).records).toBe(recordsOf(events).length)
      }),
      { numRuns: 300 }
    )
  })

  it('gives the same events however the bytes are split', async () => {
    await fc.assert(
      fc.asyncProperty(file, chunkSizes, async ({ bytes }, sizes) => {
        expect(await parse(bytes, sizes)).toEqual(await parse(bytes))
      }),
      { numRuns: 300 }
    )
  })

  it('makes a record of every TY line', async () => {
    await fc.assert(
      fc.asyncProperty(file, async ({ bytes, tyLines }) => {
        fc.pre(tyLines > 0)
        const events = await parse(bytes)
        expect(events[0]).toMatchObject({ kind: 'format', format: 'ris' })
        expect(recordsOf(events).length).toBeGreaterThanOrEqual(tyLines)
        // Each record starts on its own line, in order.
        const starts = recordsOf(events).map((r) => r.startLine)
        expect(starts).toEqual([...new Set(starts)].sort((a, b) => a - b))
      }),
      { numRuns: 300 }
    )
  })

  it('never throws on random bytes, NUL and UTF-16 patterns included', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), chunkSizes, async (bytes, sizes) => {
        const events = await parse(bytes, sizes)
        expect(['refused', 'format']).toContain(events[0]?.kind)
        expect(events).toEqual(await parse(bytes))
      }),
      { numRuns: 300 }
    )
  })
})

describe('pathological input finishes in bounded time', () => {
  const MB5 = 5 * 1024 * 1024
  async function timed(bytes: Uint8Array) {
    const started = performance.now()
    const events = await parse(bytes, 64 * 1024)
    return { events, ms: performance.now() - started }
  }

  it.each<[string, () => Uint8Array]>([
    [
      'a 5 MB abstract on one line',
      () => text(`TY  - JOUR\nAB  - ${'word '.repeat(MB5 / 5)}\nER  - \n`),
    ],
    ['a 5 MB line with no line break at all', () => text(`TY  - JOUR\nN1  - ${'x'.repeat(MB5)}`)],
    [
      'a 5 MB run of spaces inside a title',
      () => text(`TY  - JOUR\nTI  - a${' '.repeat(MB5)}b\nER  - \n`),
    ],
    [
      '200 000 continuation lines',
      () => text(`TY  - JOUR\nN1  - start\n${'more text\n'.repeat(200_000)}ER  - \n`),
    ],
    [
      '200 000 keyword lines',
      () => text(`TY  - JOUR\nKW  - a\n${'keyword\n'.repeat(200_000)}ER  - \n`),
    ],
    [
      '5 MB of "10." in a DOI field',
      () => text(`TY  - JOUR\nDO  - ${'10.'.repeat(MB5 / 3)}\nER  - \n`),
    ],
    ['5 MB of digits in a date', () => text(`TY  - JOUR\nPY  - ${'9'.repeat(MB5)}\nER  - \n`)],
    ['5 MB of carriage returns', () => text(`TY  - JOUR\n${'\r'.repeat(MB5)}ER  - \n`)],
  ])('%s', async (_, make) => {
    const { events, ms } = await timed(make())
    expect(endOf(events).records).toBe(1)
    expect(ms).toBeLessThan(5000)
  })

  it('reads records while the source is still streaming', async () => {
    // One record at a time: the first record arrives before the rest of the file is read.
    let chunksRead = 0
    async function* source() {
      for (let i = 0; i < 10_000; i++) {
        chunksRead++
        yield text(`TY  - JOUR\nTI  - Record ${i}\n${'AB  - '.padEnd(200, 'x')}\nER  - \n`)
      }
    }
    for await (const event of readBibliographic(source())) {
      if (event.kind === 'record') break
    }
    expect(chunksRead).toBeLessThan(400) // the 64 KB sniff window, not the 2 MB file
  })
})
