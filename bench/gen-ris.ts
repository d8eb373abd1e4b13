// A deterministic generator of realistic RIS exports, for the parse benchmark and for tests that
// check the reader against known truth. Each record imitates one exporter's habits (tag choice
// and order, dates, where the DOI hides, wrapped abstracts, junk between records).
//
//   node --import tsx bench/gen-ris.ts -n 20000 -o /tmp/x.ris [--seed 1] [--profile mixed]
//        [--eol lf|crlf|cr] [--encoding utf-8|utf-8-bom|utf-16le|utf-16be|windows-1252]
//        [--truth truth.jsonl]
import { closeSync, openSync, writeSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { decodeWindows1252 } from '../src/domain/text-cp1252.ts'
import { emitRecord, PROFILES, type Profile, type Truth } from './gen-ris-profiles.ts'

export { PROFILES, type Profile, type Truth }

export type Eol = 'lf' | 'crlf' | 'cr'
export type GenEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252'

export interface GenOptions {
  n: number
  seed?: number
  profile?: Profile | 'mixed'
  eol?: Eol
  encoding?: GenEncoding
  /** Share of records whose abstract is hard-wrapped onto untagged lines. */
  wrapFraction?: number
  /** Share of records with non-ASCII words and names. */
  unicodeFraction?: number
}

/** mulberry32: small, fast, and the same sequence on every platform for a given seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// Mixed files lean towards the big databases, as real searches do.
const WEIGHTS: Record<Profile, number> = {
  scopus: 24,
  ovid: 16,
  ebsco: 12,
  endnote: 18,
  wos: 14,
  zotero: 10,
  scholar: 6,
}

/** Records one at a time as text (with line endings) plus what a correct reader must return. */
export function* generate(options: GenOptions): Generator<{ text: string; truth: Truth }> {
  const random = rng(options.seed ?? 1)
  const eol = { lf: '\n', crlf: '\r\n', cr: '\r' }[options.eol ?? 'lf']
  const total = Object.values(WEIGHTS).reduce((a, b) => a + b, 0)
  const lossy = options.encoding === 'windows-1252'
  for (let i = 0; i < options.n; i++) {
    let profile = options.profile ?? 'mixed'
    if (profile === 'mixed') {
      let pick = random() * total
      profile = PROFILES.find((p) => (pick -= WEIGHTS[p]) < 0) ?? 'scopus'
    }
    const { lines, truth } = emitRecord(random, profile, i, {
      wrap: random() < (options.wrapFraction ?? 0.3),
      unicode: random() < (options.unicodeFraction ?? 0.15),
    })
    const text = lines.join(eol) + eol
    yield lossy
      ? { text: toCp1252Text(text), truth: mapStrings(truth, toCp1252Text) }
      : { text, truth }
  }
}

/** The whole file in memory: for tests (small n). */
export function generateBytes(options: GenOptions): { bytes: Uint8Array; truth: Truth[] } {
  const texts: string[] = []
  const truth: Truth[] = []
  for (const r of generate(options)) {
    texts.push(r.text)
    truth.push(r.truth)
  }
  const encoding = options.encoding ?? 'utf-8'
  return { bytes: Buffer.concat([bom(encoding), encode(texts.join(''), encoding)]), truth }
}

export function bom(encoding: GenEncoding): Uint8Array {
  if (encoding === 'utf-8-bom') return Uint8Array.of(0xef, 0xbb, 0xbf)
  return new Uint8Array(0)
}

export function encode(text: string, encoding: GenEncoding): Uint8Array {
  switch (encoding) {
    case 'utf-8':
    case 'utf-8-bom':
      return Buffer.from(text, 'utf8')
    case 'utf-16le':
      return Buffer.from(text, 'utf16le')
    case 'utf-16be':
      return Buffer.from(text, 'utf16le').swap16()
    case 'windows-1252':
      return Uint8Array.from(text, (c) => CP1252.get(c) ?? 0x3f)
  }
}

// Character → byte, from the reader's own windows-1252 table (0x00–0xFF).
const CP1252 = new Map<string, number>(
  Array.from(decodeWindows1252(Uint8Array.from({ length: 256 }, (_, i) => i)), (c, i) => [c, i])
)

/** What survives a round trip through windows-1252: unencodable characters become `?`, as
 * legacy exporters write them. */
export function toCp1252Text(text: string): string {
  let out = ''
  for (const c of text) out += CP1252.has(c) ? c : '?'
  return out
}

function mapStrings(truth: Truth, f: (s: string) => string): Truth {
  const m = (v: string | null) => (v === null ? null : f(v))
  return {
    ...truth,
    title: m(truth.title),
    abstract: m(truth.abstract),
    journal: m(truth.journal),
    authors: truth.authors.map(f),
    keywords: truth.keywords.map(f),
  }
}

/** Streams `n` records to `path` without holding the file in memory. */
export function writeRisFile(path: string, options: GenOptions, truthPath?: string) {
  const encoding = options.encoding ?? 'utf-8'
  const fd = openSync(path, 'w')
  const tfd = truthPath ? openSync(truthPath, 'w') : null
  try {
    writeSync(fd, bom(encoding))
    let batch: string[] = []
    let truths: string[] = []
    const flush = () => {
      writeSync(fd, encode(batch.join(''), encoding))
      if (tfd !== null) writeSync(tfd, truths.join(''))
      batch = []
      truths = []
    }
    for (const r of generate(options)) {
      batch.push(r.text)
      if (tfd !== null) truths.push(`${JSON.stringify(r.truth)}\n`)
      if (batch.length === 500) flush()
    }
    flush()
  } finally {
    closeSync(fd)
    if (tfd !== null) closeSync(tfd)
  }
}

function main() {
  const { values } = parseArgs({
    options: {
      n: { type: 'string', short: 'n', default: '1000' },
      out: { type: 'string', short: 'o' },
      seed: { type: 'string', default: '1' },
      profile: { type: 'string', default: 'mixed' },
      eol: { type: 'string', default: 'lf' },
      encoding: { type: 'string', default: 'utf-8' },
      truth: { type: 'string' },
    },
  })
  if (!values.out) throw new Error('-o FILE is required')
  writeRisFile(
    values.out,
    {
      n: Number(values.n),
      seed: Number(values.seed),
      profile: values.profile as Profile | 'mixed',
      eol: values.eol as Eol,
      encoding: values.encoding as GenEncoding,
    },
    values.truth
  )
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main()
