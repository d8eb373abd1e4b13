import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { imports, records } from '../../src/db/schema.ts'
import { makeProject, makeUser } from '../helpers/app.ts'
import { cli } from '../helpers/cli.ts'
import { freshDb } from '../helpers/db.ts'

const fixture = (name: string) =>
  fileURLToPath(new URL(`../../fixtures/ris/${name}`, import.meta.url))

async function setup() {
  const ctx = await freshDb()
  const lead = await makeUser(ctx.db, 'lead@example.org')
  const project = await makeProject(ctx.db, lead.id)
  const env = { DATABASE_URL: ctx.url, DATA_DIR: ctx.dir }
  return { ...ctx, project, env }
}

describe('winnow import', () => {
  it('imports files under one source and prints a JSON summary with duplicates', async () => {
    const { project, env, db, dir } = await setup()
    const res = await cli(
      [
        'import',
        '--project',
        String(project.id),
        '--source',
        'Zotero',
        fixture('08_zotero.ris'),
        fixture('09_mendeley.ris'),
      ],
      env
    )
    expect(res.stderr).toContain('imported 20 records')
    expect(res.code).toBe(0)
    const summary = JSON.parse(res.stdout)
    expect(summary).toMatchObject({ records: 20, duplicates: 10, warnings: 0 })
    expect(summary.files.map((f: { name: string }) => f.name)).toEqual([
      '08_zotero.ris',
      '09_mendeley.ris',
    ])
    expect(await db.orm.$count(records)).toBe(20)
    const [imp] = await db.orm.select().from(imports)
    expect(imp).toMatchObject({ sourceName: 'Zotero', sourceKind: 'database', status: 'complete' })
    expect(existsSync(join(dir, 'imports', String(imp!.id), '1-08_zotero.ris'))).toBe(true)
  })

  it('imports a register with --register, and .nbib files too', async () => {
    const { project, env, db } = await setup()
    const res = await cli(
      [
        'import',
        '--project',
        String(project.id),
        '--source',
        'PubMed',
        '--register',
        fixture('pubmed.nbib'),
      ],
      env
    )
    expect(res.code).toBe(0)
    const [imp] = await db.orm.select().from(imports)
    expect(imp?.sourceKind).toBe('register')
    expect(JSON.parse(res.stdout).records).toBeGreaterThan(0)
  })

  it.each([
    [['--source', 'S', 'x.ris'], '--project is required', 2],
    [['--project', 'P', '--source', 'S', 'x.ris'], '--project must be a positive whole number', 2],
    [['--project', '1', 'x.ris'], '--source is required', 2],
    [['--project', '1', '--source', 'S'], 'name at least one file', 2],
    [['--project', '1', '--source', 'S', '/no/such/file.ris'], 'no such file', 1],
    [['--project', '999', '--source', 'S', fixture('02_scopus.ris')], 'there is no project 999', 1],
  ])('refuses %j', async (args, message, code) => {
    const { env } = await setup()
    const res = await cli(['import', ...args], env)
    expect(res.stderr).toContain(message)
    expect(res.code).toBe(code)
  })

  it('refuses a file that is not RIS with exit 2, importing nothing', async () => {
    const { project, env, db } = await setup()
    const res = await cli(
      [
        'import',
        '--project',
        String(project.id),
        '--source',
        'S',
        fixture('02_scopus.ris'),
        fixture('not-bibtex.bib'),
      ],
      env
    )
    expect(res.code).toBe(2)
    expect(res.stderr).toContain('not-bibtex.bib')
    expect(res.stderr).toContain('BibTeX')
    expect(await db.orm.$count(records)).toBe(0)
    expect(await db.orm.$count(imports)).toBe(0)
  })
})
