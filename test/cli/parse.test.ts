import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parseCommand } from '../../src/cli/parse.ts'
import { CliError, type CliIo } from '../../src/cli/io.ts'
import { readEnv } from '../../src/env.ts'

const fixture = (name: string) =>
  fileURLToPath(new URL(`../../fixtures/ris/${name}`, import.meta.url))

function fakeIo(stdin = '') {
  const out: string[] = []
  const err: string[] = []
  const io: CliIo = {
    env: readEnv({}),
    stdin: Readable.from([Buffer.from(stdin)]),
    out: (text) => out.push(text),
    err: (text) => err.push(text),
  }
  return {
    io,
    stdout: () => out.join(''),
    stderr: () => err.join(''),
    writes: () => out.length,
  }
}

const jsonLines = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))

describe('winnow parse', () => {
  it('prints one JSON object per record with the normalised fields', async () => {
    const t = fakeIo()
    await parseCommand([fixture('02_scopus.ris')], t.io)
    const rows = jsonLines(t.stdout())
    expect(rows).toHaveLength(10)
    expect(Object.keys(rows[0])).toEqual([
      'type',
      'title',
      'abstract',
      'authors',
      'year',
      'journal',
      'doi',
      'keywords',
      'database',
      'file',
      'line',
    ])
    expect(rows[0]).toMatchObject({
      type: 'JOUR',
      title: 'Global latitudinal gradients and the evolution of body size in dinosaurs and mammals',
      year: 2024,
      doi: '10.1038/s41467-024-46843-2',
      file: fixture('02_scopus.ris'),
      line: 1,
    })
    expect(t.stderr()).toBe(
      `${fixture('02_scopus.ris')}: 10 records, 0 warnings, 501 lines (RIS, utf-8-bom)\n`
    )
  })

  it('prints each warning as file:line: message on stderr', async () => {
    const t = fakeIo()
    const file = fixture('edge-missing-er.ris')
    await parseCommand([file], t.io)
    expect(jsonLines(t.stdout())).toHaveLength(3)
    expect(t.stderr().split('\n')).toEqual([
      `${file}:1: the record starting on line 1 has no ER; it ends before the TY on line 5`,
      `${file}:10: the record starting on line 10 has no ER before the end of the file; it is kept`,
      `${file}: 3 records, 2 warnings, 12 lines (RIS, utf-8)`,
      '',
    ])
  })

  it('reads every file, then fails with exit code 2 naming a refused one', async () => {
    const t = fakeIo()
    const refused = fixture('not-bibtex.bib')
    const error = await parseCommand([refused, fixture('10_google_scholar.ris')], t.io).catch(
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(CliError)
    expect(error).toMatchObject({
      code: 2,
      message: `${refused} could not be read as RIS or .nbib`,
    })
    expect(jsonLines(t.stdout())).toHaveLength(10)
    expect(t.stderr()).toContain(`${refused}: not imported: This looks like a BibTeX file.`)
  })

  it('fails with exit code 2 for a missing file', async () => {
    const t = fakeIo()
    const error = await parseCommand(['/no/such/file.ris'], t.io).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 2 })
    expect(t.stderr()).toBe('/no/such/file.ris: no such file\n')
    expect(t.stdout()).toBe('')
  })

  it('reads standard input for "-"', async () => {
    const t = fakeIo('TY  - JOUR\nTI  - From a pipe\nER  - \n')
    await parseCommand(['-'], t.io)
    expect(jsonLines(t.stdout())).toEqual([
      expect.objectContaining({ title: 'From a pipe', file: '-' }),
    ])
  })

  it('reads MEDLINE .nbib too', async () => {
    const t = fakeIo()
    await parseCommand([fixture('pubmed.nbib')], t.io)
    expect(jsonLines(t.stdout()).map((r) => r.doi)).toEqual(['10.1000/wg.2023.001', null])
    expect(t.stderr()).toMatch(/2 records, 0 warnings, 34 lines \(MEDLINE \.nbib, utf-8\)/)
  })

  it('is a usage error without files, or with an option it does not know', async () => {
    await expect(parseCommand([], fakeIo().io)).rejects.toMatchObject({ code: 2 })
    await expect(parseCommand(['--json', 'x.ris'], fakeIo().io)).rejects.toMatchObject({
      code: 2,
      message: 'parse: unknown option --json',
    })
  })

  it('writes stdout in batches, not once per record', async () => {
    const t = fakeIo()
    const records = Array.from(
      { length: 3000 },
      (_, i) => `TY  - JOUR\nTI  - Record ${i}\nER  - \n`
    )
    const dir = mkdtempSync(join(tmpdir(), 'winnow-parse-'))
    const path = join(dir, 'many.ris')
    writeFileSync(path, records.join(''))
    try {
      await parseCommand([path], t.io)
    } finally {
      rmSync(dir, { recursive: true })
    }
    expect(jsonLines(t.stdout())).toHaveLength(3000)
    expect(t.writes()).toBeLessThan(5)
  })
})
