import { asc } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { records } from '../../src/db/schema.ts'
import { prismaInvariants } from '../../src/domain/prisma.ts'
import { addToProject, makeProject, makeUser, signedIn, testApp } from '../helpers/app.ts'
import { cli } from '../helpers/cli.ts'
import { distinctRecords, risFile } from '../helpers/ris.ts'
import { assertWellFormed, boxLines } from '../helpers/svg.ts'

/** A project with two sources, a duplicate, votes and a resolution, built through the routes. */
async function setup() {
  const ctx = await testApp()
  const lead = await makeUser(ctx.db, 'lead@example.org', 'Lena Lead')
  const ann = await makeUser(ctx.db, 'ann@example.org', 'Ann Assistant')
  const project = await makeProject(ctx.db, lead.id)
  await addToProject(ctx.db, project.id, ann.email, 'reviewer')
  const leadClient = await signedIn(ctx.app, lead.email)
  const base = `/projects/${project.id}`
  const rs = distinctRecords(3, 'Cli')
  await leadClient.upload(`${base}/imports`, { source: 'Scopus', kind: 'database' }, [
    { name: 's.ris', content: risFile(rs) },
  ])
  await leadClient.upload(`${base}/imports`, { source: 'Trials', kind: 'register' }, [
    { name: 't.ris', content: risFile([rs[0]!, { title: '=cmd|"/c calc"!A1', year: 2020 }]) },
  ])
  await ctx.jobs.idle()
  const rows = await ctx.db.orm.select().from(records).orderBy(asc(records.id))
  const a = await signedIn(ctx.app, ann.email)
  const vote = (client: typeof a, id: number, decision: string, note = '') =>
    client.post(`${base}/records/${id}/decisions`, { stage: 'title_abstract', decision, note })
  await vote(a, rows[0]!.id, 'include', '=1+1')
  await vote(leadClient, rows[0]!.id, 'exclude')
  await vote(a, rows[1]!.id, 'exclude')
  await leadClient.post(`${base}/records/${rows[0]!.id}/resolution`, {
    stage: 'title_abstract',
    decision: 'include',
    note: 'settled',
  })
  const env = { DATABASE_URL: ctx.url, DATA_DIR: ctx.dir }
  return { ...ctx, project, base, rows, leadClient, a, env, id: String(project.id) }
}

describe('winnow prisma', () => {
  it('prints the same JSON as prisma.json (json is the default)', async () => {
    const { env, id, leadClient, base } = await setup()
    const res = await cli(['prisma', '--project', id], env)
    expect(res.stderr).toBe('')
    expect(res.code).toBe(0)
    const printed = JSON.parse(res.stdout)
    expect(printed).toEqual(await (await leadClient.get(`${base}/prisma.json`)).json())
    expect(prismaInvariants(printed)).toEqual([])
    expect(printed.identification.registers).toEqual({ Trials: 2 })
    expect((await cli(['prisma', '--project', id, '--format', 'json'], env)).stdout).toBe(
      res.stdout
    )
  })

  it('prints the same CSV as prisma.csv', async () => {
    const { env, id, leadClient, base } = await setup()
    const res = await cli(['prisma', '--project', id, '--format', 'csv'], env)
    expect(res.code).toBe(0)
    expect(res.stdout).toBe(await (await leadClient.get(`${base}/prisma.csv`)).text())
    expect(res.stdout.split('\n')[0]).toBe('box,n')
  })

  it('prints the same SVG as prisma.svg', async () => {
    const { env, id, leadClient, base } = await setup()
    const res = await cli(['prisma', '--project', id, '--format', 'svg'], env)
    expect(res.stderr).toBe('')
    expect(res.code).toBe(0)
    expect(res.stdout).toBe(await (await leadClient.get(`${base}/prisma.svg`)).text())
    assertWellFormed(res.stdout)
    expect(boxLines(res.stdout, 'records_identified')).toContain('Trials (n = 2)')
    expect(res.stdout).toContain(
      '<title id="prisma-title">PRISMA 2020 flow diagram: Evidence review</title>'
    )
  })

  it.each([
    [[], '--project is required', 2],
    [['--project', 'x'], '--project must be a positive whole number', 2],
    [['--project', '1', '--format', 'xml'], '--format must be json, csv or svg, not "xml"', 2],
    [['--project', '1', '--colour'], "Unknown option '--colour'", 2],
    [['--project', '999'], 'there is no project 999', 1],
  ])('refuses %j', async (args, message, code) => {
    const { env } = await setup()
    const res = await cli(['prisma', ...args], env)
    expect(res.stderr).toContain(message)
    expect(res.code).toBe(code)
    expect(res.stdout).toBe('')
  })
})

describe('winnow export', () => {
  it('prints the visible records as a JSON array', async () => {
    const { env, id, rows } = await setup()
    const res = await cli(['export', '--project', id, '--what', 'records', '--format', 'json'], env)
    expect(res.code).toBe(0)
    const printed = JSON.parse(res.stdout) as Record<string, unknown>[]
    expect(printed.map((r) => r.id)).toEqual(rows.map((r) => r.id))
    expect(printed[0]).toMatchObject({
      id: rows[0]!.id,
      title: rows[0]!.title,
      authors: rows[0]!.authors,
      year: rows[0]!.year,
      journal: 'Journal of Tests',
      doi: rows[0]!.doi,
      abstract: rows[0]!.abstract,
      source: 'Scopus',
      source_kind: 'database',
      duplicate_of: null,
    })
    // The register's copy of record 1 is its duplicate; JSON needs no formula guard.
    expect(printed[3]).toMatchObject({ source: 'Trials', duplicate_of: rows[0]!.id })
    expect(printed[4]!.title).toBe('=cmd|"/c calc"!A1')
  })

  it('prints [] for a project without records', async () => {
    const ctx = await testApp()
    const lead = await makeUser(ctx.db, 'lead@example.org')
    const project = await makeProject(ctx.db, lead.id)
    const env = { DATABASE_URL: ctx.url, DATA_DIR: ctx.dir }
    const args = [
      'export',
      '--project',
      String(project.id),
      '--what',
      'records',
      '--format',
      'json',
    ]
    const res = await cli(args, env)
    expect(res.code).toBe(0)
    expect(JSON.parse(res.stdout)).toEqual([])
  })

  it('prints the same decisions CSV as the lead’s download', async () => {
    const { env, id, leadClient, base } = await setup()
    const res = await cli(
      ['export', '--project', id, '--what', 'decisions', '--format', 'csv'],
      env
    )
    expect(res.code).toBe(0)
    expect(res.stdout).toBe(await (await leadClient.get(`${base}/export/decisions.csv`)).text())
    expect(res.stdout).toContain(",'=1+1,")
    expect(res.stdout).toContain('resolution,')
  })

  it.each([
    ['records', 'csv'],
    ['records', 'ris'],
    ['records', 'json'],
    ['included', 'csv'],
    ['included', 'ris'],
    ['included', 'json'],
    ['decisions', 'csv'],
    ['decisions', 'json'],
  ])('prints %s as %s, the same bytes as the lead’s download', async (what, format) => {
    const { env, id, leadClient, base, rows } = await withIncluded()
    const res = await cli(['export', '--project', id, '--what', what, '--format', format], env)
    expect(res.stderr).toBe('')
    expect(res.code).toBe(0)
    expect(res.stdout).toBe(await (await leadClient.get(`${base}/export/${what}.${format}`)).text())
    if (what === 'included') expect(res.stdout).toContain(rows[0]!.title)
    if (what === 'included') expect(res.stdout).not.toContain(rows[1]!.title)
  })

  it('writes the included records as RIS, one record with its Winnow id', async () => {
    const { env, id, rows } = await withIncluded()
    const args = ['export', '--project', id, '--what', 'included', '--format', 'ris']
    const { stdout } = await cli(args, env)
    expect(stdout.split('\r\n').slice(0, 3)).toEqual([
      'TY  - JOUR',
      `ID  - winnow:${rows[0]!.id}`,
      `TI  - ${rows[0]!.title}`,
    ])
    expect(stdout.match(/^ER {2}- \r$/gm)).toHaveLength(1)
  })

  const EXISTS =
    'there are: records as csv, ris or json; included as csv, ris or json; decisions as csv or json; ' +
    'synthesis as csv or md; toolkits as csv; findings as csv'

  it.each([
    [['--what', 'records', '--format', 'json'], '--project is required', 2],
    [['--project', '1', '--format', 'json'], '--what is required', 2],
    [['--project', '1', '--what', 'records'], '--format is required', 2],
    [['--project', '1', '--what', 'decisions', '--format', 'ris'], EXISTS, 2],
    [['--project', '1', '--what', 'synthesis', '--format', 'ris'], EXISTS, 2],
    [['--project', '1', '--what', 'records', '--format', 'xml'], 'records --format xml is not', 2],
    [['--project', '1', '--what', 'everything', '--format', 'csv'], EXISTS, 2],
    [['--project', '999', '--what', 'records', '--format', 'json'], 'there is no project 999', 1],
    [['--project', '999', '--what', 'included', '--format', 'ris'], 'there is no project 999', 1],
  ])('refuses %j', async (args, message, code) => {
    const { env } = await setup()
    const res = await cli(['export', ...args], env)
    expect(res.stderr).toContain(message)
    expect(res.code).toBe(code)
    expect(res.stdout).toBe('')
  })
})

/** The setup, with record 1 (resolved to include) included at full text by both members. */
async function withIncluded() {
  const s = await setup()
  for (const client of [s.a, s.leadClient]) {
    const res = await client.post(`${s.base}/records/${s.rows[0]!.id}/decisions`, {
      stage: 'full_text',
      decision: 'include',
    })
    expect(res.status).toBe(303)
  }
  return s
}
