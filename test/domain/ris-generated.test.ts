// The reader against known truth, from two independent generators:
// - fixtures/generated/: small files from the shared gen_ris.py (with --truth), committed;
// - bench/gen-ris.ts: Winnow's own generator, thousands of records over every exporter profile,
//   encoding and line ending, checked field by field.
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { decodeWindows1252 } from '../../src/domain/text-cp1252.ts'
import { generateBytes, PROFILES, type GenEncoding } from '../../bench/gen-ris.ts'
import { endOf, fieldsOf, parse, recordsOf, warningsOf } from './bib-helpers.ts'

const dir = new URL('../../fixtures/generated/', import.meta.url)

interface GenRisTruth {
  profile: string
  title: string
  abstract: string | null
  authors: string[] | null
  year: number
  doi: string | null
  journal: string
  keywords: string[] | null
}

// What survives gen_ris.py's `encode('cp1252', errors='replace')`.
const CP1252 = new Set(decodeWindows1252(Uint8Array.from({ length: 256 }, (_, i) => i)))
const lossy = (s: string) => Array.from(s, (c) => (CP1252.has(c) ? c : '?')).join('')
const loose = (k: string) => k.replace(/^\*/, '').toLowerCase()

describe.each(readdirSync(dir).filter((f) => f.endsWith('.ris')))('gen_ris.py %s', (file) => {
  it('matches the generator truth', async () => {
    const events = await parse(readFileSync(new URL(file, dir)), 4096)
    const as = file.includes('cp1252') ? lossy : (s: string) => s
    const truth: GenRisTruth[] = readFileSync(
      new URL(file.replace('.ris', '.truth.jsonl'), dir),
      'utf8'
    )
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    const records = recordsOf(events)
    expect(records).toHaveLength(truth.length)
    records.forEach((r, i) => {
      const t = truth[i]!
      // gen_ris.py's truth is the generated record, not the export: EndNote writes the journal
      // abbreviation in T2, WoS upper-cases T2 and some keywords, Ovid title-cases keywords.
      expect(r).toMatchObject({
        title: as(t.title),
        abstract: t.abstract === null ? null : as(t.abstract),
        year: t.year,
        doi: t.doi,
      })
      if (t.authors) expect(r.authors).toEqual(t.authors.map(as))
      if (t.profile !== 'endnote') expect(r.journal?.toLowerCase()).toBe(t.journal.toLowerCase())
      expect(r.keywords.map(loose)).toEqual((t.keywords ?? []).map((k) => loose(as(k))))
    })
    // Only Ovid's "Link to the Ovid Full Text" lines between records are reported.
    for (const w of warningsOf(events))
      expect(w.message).toMatch(/untagged lines? outside any record/)
  })
})

const ENCODINGS: GenEncoding[] = ['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252']

describe.each(ENCODINGS)('bench/gen-ris.ts in %s', (encoding) => {
  it.each(['lf', 'crlf', 'cr'] as const)('%s: every profile, field by field', async (eol) => {
    const n = 350
    const { bytes, truth } = generateBytes({ n, seed: 7, encoding, eol, unicodeFraction: 0.5 })
    const events = await parse(bytes, [65536, 333, 4099])
    expect(events[0]).toEqual({ kind: 'format', format: 'ris', encoding })
    const records = recordsOf(events)
    expect(records).toHaveLength(n)
    expect(new Set(truth.map((t) => t.profile))).toEqual(new Set(PROFILES))
    records.forEach((r, i) => {
      const { position, profile, ...fields } = truth[i]!
      expect([profile, r.position, fieldsOf(r)]).toEqual([profile, position, fields])
    })
    // Ovid's NL line after each ER is reported (with the "Link to..." line that follows it).
    const ovid = truth.filter((t) => t.profile === 'ovid').length
    const warnings = warningsOf(events)
    expect(warnings).toHaveLength(ovid)
    for (const w of warnings) expect(w.message).toMatch(/^line outside a record ignored: NL {2}- /)
    expect(endOf(events).records).toBe(n)
  })
})
