// Files that are not RIS or MEDLINE: one `refused` event naming what the file looks like and
// what to export instead, and nothing else (no record, no end).
import { describe, expect, it } from 'vitest'
import { fixture, parse, text } from './bib-helpers.ts'

describe.each<[string, string, RegExp]>([
  ['not-bibtex.bib', 'BibTeX', /BibTeX file\. Export RIS from your reference manager/],
  ['not-wos-plain.txt', 'Web of Science plain text', /Export → "RIS \(other reference software\)"/],
  ['not-csv.csv', 'CSV', /CSV table .*Export RIS/],
  ['not-tsv.txt', 'TSV', /tab-separated table/],
  ['not-empty.ris', 'empty', /^The file is empty\. Nothing was imported\.$/],
  ['not-blank.ris', 'empty', /only blank lines/],
  ['not-plain.txt', 'plain text', /plain text with no RIS tags/],
  ['not-binary.pdf', 'a PDF document', /PDF document, not a reference export/],
  ['not-binary-nul.ris', 'binary data', /binary data/],
])('%s', (file, looksLike, message) => {
  it(`is refused as ${looksLike}, before any record`, async () => {
    const events = await parse(fixture(file))
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ kind: 'refused', looksLike })
    if (events[0]?.kind === 'refused') expect(events[0].message).toMatch(message)
  })

  it('is refused the same way in 1-byte chunks', async () => {
    expect(await parse(fixture(file), 1)).toEqual(await parse(fixture(file)))
  })
})

describe('other things that are not RIS', () => {
  it.each<[string, Uint8Array, string]>([
    [
      'a Word .docx (zip)',
      Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0x14, 0x00),
      'a ZIP archive (or a Word .docx / Excel .xlsx file)',
    ],
    [
      'an old .doc',
      Uint8Array.of(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1),
      'an old Microsoft Office document (.doc/.xls)',
    ],
    ['gzip', Uint8Array.of(0x1f, 0x8b, 0x08, 0x00), 'a gzip-compressed file'],
    ['EndNote XML', text('<?xml version="1.0"?>\n<xml><records></records></xml>\n'), 'XML'],
    ['a web page', text('<!DOCTYPE html>\n<html><body>Sign in</body></html>\n'), 'HTML'],
    ['CSL-JSON', text('[{"type": "article-journal", "title": "x"}]\n'), 'JSON'],
    ['a letter with one tag-like line', text('Dear Ada,\nPS  - see you soon\n'), 'RIS without TY'],
  ])('%s', async (_, bytes, looksLike) => {
    const events = await parse(bytes)
    expect(events).toEqual([expect.objectContaining({ kind: 'refused', looksLike })])
  })

  it('accepts RIS tags without any TY or ER as one record, with a warning', async () => {
    const events = await parse(text('TI  - A title\nAU  - Someone\n'))
    expect(events.map((e) => e.kind)).toEqual(['format', 'warning', 'record', 'end'])
    expect(events[1]).toEqual({
      kind: 'warning',
      warning: {
        line: 1,
        message: 'tag lines before the end of the file are kept as a record without a type',
      },
    })
  })

  it('accepts a RIS file with a stray NUL byte, and says so', async () => {
    const events = await parse(text('TY  - JOUR\nTI  - A\u0000B\nER  - \n'))
    expect(events[0]).toMatchObject({ kind: 'format', format: 'ris' })
    expect(events).toContainEqual({
      kind: 'warning',
      warning: { line: null, message: 'the file contains NUL bytes; they are kept as text' },
    })
  })

  it('stops reading the source once it has refused', async () => {
    let pulled = 0
    let closed = false
    async function* source() {
      try {
        for (;;) {
          pulled++
          yield text('@article{x,\n  title = {y}\n}\n'.repeat(5000))
        }
      } finally {
        closed = true
      }
    }
    const { readBibliographic } = await import('../../src/domain/bibliographic.ts')
    const events = []
    for await (const e of readBibliographic(source())) events.push(e)
    expect(events).toEqual([expect.objectContaining({ kind: 'refused', looksLike: 'BibTeX' })])
    expect(pulled).toBeLessThan(5)
    expect(closed).toBe(true)
  })
})
