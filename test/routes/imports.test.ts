import { readFileSync } from 'node:fs'
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditEvents, importWarnings, imports, records, recordStages } from '../../src/db/schema.ts'
import { makeProject, makeUser, signedIn, testApp } from '../helpers/app.ts'
import { distinctRecords, risFile } from '../helpers/ris.ts'

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/ris/${name}`, import.meta.url))

async function setup(config = {}) {
  const ctx = await testApp(config)
  const lead = await makeUser(ctx.db, 'lead@example.org', 'Lena Lead')
  const project = await makeProject(ctx.db, lead.id)
  const client = await signedIn(ctx.app, 'lead@example.org')
  const base = `/projects/${project.id}/imports`
  return { ...ctx, lead, project, client, base }
}

describe('importing through the web app', () => {
  it('imports a real Scopus export and ends on a report a person can act on', async () => {
    const { client, base, db, jobs, project } = await setup()
    const res = await client.upload(base, { source: 'Scopus', kind: 'database' }, [
      { name: '02_scopus.ris', content: fixture('02_scopus.ris') },
    ])
    expect(res.status).toBe(303)
    const location = res.headers.get('location')!
    expect(location).toMatch(new RegExp(`^${base}/\\d+$`))
    await jobs.idle()

    const [imp] = await db.orm.select().from(imports)
    expect(imp).toMatchObject({
      status: 'complete',
      sourceName: 'Scopus',
      sourceKind: 'database',
      recordCount: 10,
    })
    const rows = await db.orm
      .select()
      .from(records)
      .where(eq(records.projectId, project.id))
      .orderBy(records.id)
    expect(rows).toHaveLength(10)
    expect(rows.map((r) => r.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(rows[0]!.raw[0]).toEqual(['TY', 'JOUR'])
    expect(rows[0]!.startLine).toBe(1)
    expect(rows.every((r) => r.fileName === '02_scopus.ris')).toBe(true)
    // Every kept record waits for title/abstract screening.
    const stages = await db.orm.select().from(recordStages)
    expect(stages).toHaveLength(rows.filter((r) => r.duplicateOf === null).length)
    expect(stages.every((s) => s.stage === 'title_abstract' && s.status === 'pending')).toBe(true)

    const html = await (await client.get(location)).text()
    expect(html).toContain('Records imported')
    expect(html).toContain('02_scopus.ris')
    expect(html).toContain('Sample records')
    expect(html).toContain(rows[0]!.title!)
  })

  it('keeps every file of one upload under one source, and the files themselves', async () => {
    const { client, base, db, jobs, dir } = await setup()
    const res = await client.upload(base, { source: 'Web of Science', kind: 'database' }, [
      { name: 'part1.ris', content: risFile(distinctRecords(3, 'Alpha')) },
      { name: 'part2.ris', content: risFile(distinctRecords(4, 'Beta')) },
    ])
    expect(res.status).toBe(303)
    await jobs.idle()
    const [imp] = await db.orm.select().from(imports)
    expect(imp?.recordCount).toBe(7)
    expect(imp?.fileSummaries.map((f) => [f.name, f.records])).toEqual([
      ['part1.ris', 3],
      ['part2.ris', 4],
    ])
    const kept = readFileSync(`${dir}/imports/${imp!.id}/2-part2.ris`, 'utf8')
    expect(kept).toContain('Beta 1 of')
  })

  it('lists each warning with its line in the report', async () => {
    const { client, base, jobs } = await setup()
    const text = 'TY  - JOUR\nTI  - First, its ER is missing\nTY  - JOUR\nTI  - Second\nER  - \n'
    const res = await client.upload(base, { source: 'Ovid', kind: 'database' }, [
      { name: 'broken.ris', content: text },
    ])
    await jobs.idle()
    const html = await (await client.get(res.headers.get('location')!)).text()
    expect(html).toContain('has no ER; it ends before the TY on line 3')
    expect(html).toMatch(/<td>broken.ris<\/td><td class="num">1<\/td>/)
  })

  it.each([
    ['BibTeX', '@article{key,\n  title={A title},\n  year={2020}\n}\n', 'BibTeX'],
    ['an empty file', '', 'empty'],
    ['CSV', 'title,abstract,year\n"A",B,2020\n', 'CSV'],
  ])('refuses %s with a message and imports nothing', async (_, content, words) => {
    const { client, base, db } = await setup()
    const res = await client.upload(base, { source: 'Scopus', kind: 'database' }, [
      { name: 'good.ris', content: risFile(distinctRecords(2)) },
      { name: 'export.bad', content },
    ])
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('export.bad')
    expect(html.toLowerCase()).toContain(words.toLowerCase())
    expect(await db.orm.$count(imports)).toBe(0)
    expect(await db.orm.$count(records)).toBe(0)
  })

  it('asks for a source name and a file', async () => {
    const { client, base, db } = await setup()
    const res = await client.upload(base, { source: ' ', kind: 'database' }, [])
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('Name the source, e.g. Scopus.')
    expect(html).toContain('Choose at least one file to import.')
    expect(await db.orm.$count(imports)).toBe(0)
  })

  it('refuses an upload over the size limit with a clear message', async () => {
    const { client, base, db } = await setup({ maxUploadBytes: 2000 })
    const res = await client.upload(base, { source: 'Scopus', kind: 'database' }, [
      { name: 'big.ris', content: risFile(distinctRecords(40)) },
    ])
    expect(res.status).toBe(413)
    expect(await res.text()).toContain('larger than the limit')
    expect(await db.orm.$count(imports)).toBe(0)
  })

  it('refuses an oversized ordinary form before reading it', async () => {
    const { client, db } = await setup()
    const res = await client.post('/projects', { name: 'x'.repeat(2 * 1024 * 1024) })
    expect(res.status).toBe(413)
    expect(await db.orm.$count(auditEvents)).toBe(1)
  })

  it('records a register source as a register', async () => {
    const { client, base, db, jobs } = await setup()
    await client.upload(base, { source: 'ClinicalTrials.gov', kind: 'register' }, [
      { name: 'trials.ris', content: risFile(distinctRecords(2)) },
    ])
    await jobs.idle()
    const [imp] = await db.orm.select().from(imports)
    expect(imp?.sourceKind).toBe('register')
  })

  it('lets reviewers see imports but not upload', async () => {
    const { app, db, base, project } = await setup()
    await makeUser(db, 'rev@example.org')
    const { addToProject } = await import('../helpers/app.ts')
    await addToProject(db, project.id, 'rev@example.org', 'reviewer')
    const reviewer = await signedIn(app, 'rev@example.org')
    const page = await (await reviewer.get(base)).text()
    expect(page).not.toContain('Import search results')
    const res = await reviewer.upload(base, { source: 'S', kind: 'database' }, [
      { name: 'a.ris', content: risFile(distinctRecords(1)) },
    ])
    expect(res.status).toBe(403)
    expect(await db.orm.$count(imports)).toBe(0)
  })
})

describe('the import report while running', () => {
  it('returns a polling progress fragment to htmx', async () => {
    const { client, base, db, project, clock } = await setup()
    const [row] = await db.write((tx) =>
      tx
        .insert(imports)
        .values({
          projectId: project.id,
          sourceName: 'Scopus',
          sourceKind: 'database',
          fileNames: ['big.ris'],
          status: 'running',
          bytesTotal: 1000,
          bytesDone: 250,
          recordCount: 120,
          heartbeatAt: clock.now,
          createdAt: clock.now,
        })
        .returning()
    )
    const res = await client.get(`${base}/${row!.id}`, { 'HX-Request': 'true' })
    expect(res.headers.get('vary')).toContain('HX-Request')
    const html = await res.text()
    expect(html).not.toContain('<html')
    expect(html).toContain('hx-trigger="every 1s"')
    expect(html).toContain('aria-valuenow="25"')
    expect(html).toContain('120 records so far')
  })

  it('refuses a second import while one is running', async () => {
    const { client, base, db, project, clock } = await setup()
    await db.write((tx) =>
      tx.insert(imports).values({
        projectId: project.id,
        sourceName: 'Scopus',
        sourceKind: 'database',
        fileNames: ['big.ris'],
        status: 'running',
        heartbeatAt: clock.now,
        createdAt: clock.now,
      })
    )
    const res = await client.upload(base, { source: 'PubMed', kind: 'database' }, [
      { name: 'a.ris', content: risFile(distinctRecords(1)) },
    ])
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('Another import (Scopus) is still running')
  })
})

describe('removing an import', () => {
  it('removes an unscreened import with its records and warnings, and says so', async () => {
    const { client, base, db, jobs } = await setup()
    await client.upload(base, { source: 'Scopus', kind: 'database' }, [
      { name: 'a.ris', content: 'TY  - JOUR\nTI  - No end\n' },
    ])
    await jobs.idle()
    const [imp] = await db.orm.select().from(imports)
    expect(await db.orm.$count(importWarnings)).toBeGreaterThan(0)
    const res = await client.post(`${base}/${imp!.id}/delete`)
    expect(res.status).toBe(303)
    expect(await db.orm.$count(imports)).toBe(0)
    expect(await db.orm.$count(records)).toBe(0)
    expect(await db.orm.$count(importWarnings)).toBe(0)
    expect(await (await client.get(base)).text()).toContain('Import of Scopus removed')
  })
})
