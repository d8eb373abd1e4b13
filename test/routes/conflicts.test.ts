import { and, asc, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import {
  auditEvents,
  projectMembers,
  records,
  recordStages,
  resolutions,
  type Stage,
} from '../../src/db/schema.ts'
import { conflictId } from '../../src/views/conflicts.tsx'
import { reviewTeam } from '../helpers/team.ts'
import { distinctRecords, risFile } from '../helpers/ris.ts'

async function setup(n = 6) {
  const team = await reviewTeam()
  await team.upload('Scopus', risFile(distinctRecords(n, 'Conflicted')))
  const rows = await team.db.orm.select().from(records).orderBy(asc(records.id))
  const ids = rows.map((r) => r.id)
  const vote = async (
    client: typeof team.a,
    recordId: number,
    decision: string,
    note = '',
    stage: Stage = 'title_abstract'
  ) => {
    const res = await team.vote(client, recordId, decision, { note, stage })
    expect(res.status).toBe(303)
  }
  const resolve = (client: typeof team.a, recordId: number, form: Record<string, string>) =>
    client.post(`${team.base}/records/${recordId}/resolution`, { stage: 'title_abstract', ...form })
  const status = async (recordId: number, stage: Stage = 'title_abstract') => {
    const [row] = await team.db.orm
      .select()
      .from(recordStages)
      .where(and(eq(recordStages.recordId, recordId), eq(recordStages.stage, stage)))
    return row?.status
  }
  return { ...team, rows, ids, vote, resolve, status }
}

/** Record 0 in conflict (with notes), record 1 pending with Ann's vote, record 2 settled. */
async function withConflict() {
  const s = await setup()
  const [r0, r1, r2] = s.ids as [number, number, number]
  await s.vote(s.a, r0, 'include', 'Population fits: commissioners')
  await s.vote(s.b, r0, 'exclude', 'Wrong setting: hospital wards')
  await s.vote(s.a, r1, 'exclude', 'PENDING-SECRET-NOTE')
  await s.vote(s.a, r2, 'exclude', 'SETTLED-NOTE-A')
  await s.vote(s.b, r2, 'exclude', 'SETTLED-NOTE-B')
  expect(await s.status(r0)).toBe('conflict')
  expect(await s.status(r1)).toBe('pending')
  expect(await s.status(r2)).toBe('excluded')
  return { ...s, r0, r1, r2 }
}

describe('the conflicts page', () => {
  it('shows both votes with names and notes for records in conflict, and nothing of pending ones', async () => {
    const { a, b, leadClient, base, r0, rows } = await withConflict()
    for (const client of [a, b, leadClient]) {
      const res = await client.get(`${base}/conflicts`)
      expect(res.status).toBe(200)
      const html = await res.text()
      expect(html).toContain('1 record where the reviewers disagree')
      expect(html).toContain(`id="${conflictId(r0)}"`)
      expect(html).toContain(rows[0]!.title!)
      expect(html).toContain(rows[0]!.abstract!)
      expect(html).toContain('Ann Assistant')
      expect(html).toContain('Bob Second')
      expect(html).toContain('Population fits: commissioners')
      expect(html).toContain('Wrong setting: hospital wards')
      // The pending record: not its title, not Ann's note.
      expect(html).not.toContain('PENDING-SECRET-NOTE')
      expect(html).not.toContain(rows[1]!.title!)
      // A settled record is not a conflict.
      expect(html).not.toContain(rows[2]!.title!)
      expect(html).not.toContain('SETTLED-NOTE')
    }
  })

  it('offers the resolve form to leads and to reviewers the lead named, and only to them', async () => {
    const { a, b, leadClient, base, db, project, bob, r0 } = await withConflict()
    const action = `action="${base}/records/${r0}/resolution"`
    expect(await (await leadClient.get(`${base}/conflicts`)).text()).toContain(action)
    const reviewerHtml = await (await a.get(`${base}/conflicts`)).text()
    expect(reviewerHtml).not.toContain(action)
    expect(reviewerHtml).toContain('A lead, or a reviewer the lead names')
    await db.write((tx) =>
      tx
        .update(projectMembers)
        .set({ canResolve: true })
        .where(and(eq(projectMembers.projectId, project.id), eq(projectMembers.userId, bob.id)))
    )
    expect(await (await b.get(`${base}/conflicts`)).text()).toContain(action)
  })

  it('escapes what reviewers wrote', async () => {
    const s = await setup()
    const [r0] = s.ids as [number]
    await s.vote(s.a, r0, 'include', '<script>alert(1)</script>')
    await s.vote(s.b, r0, 'exclude')
    const html = await (await s.a.get(`${s.base}/conflicts`)).text()
    expect(html).not.toContain('<script>alert(1)')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })

  it('lists the oldest conflict first, 20 to a page', async () => {
    const s = await setup(22)
    // Conflicts arise in reverse record order, a minute apart.
    for (const id of [...s.ids].reverse()) {
      await s.vote(s.a, id, 'include')
      await s.vote(s.b, id, 'exclude')
      s.clock.now += 60_000
    }
    const order = (html: string) =>
      [...html.matchAll(/id="conflict-(\d+)"/g)].map((m) => Number(m[1]))
    const first = await (await s.a.get(`${s.base}/conflicts`)).text()
    expect(first).toContain('22 records where the reviewers disagree')
    expect(order(first)).toEqual([...s.ids].reverse().slice(0, 20))
    expect(first).toContain('Page 1 of 2')
    const second = await (await s.a.get(`${s.base}/conflicts?page=2`)).text()
    expect(order(second)).toEqual([s.ids[1], s.ids[0]])
    // A page past the end shows the last one.
    expect(order(await (await s.a.get(`${s.base}/conflicts?page=9`)).text())).toEqual(order(second))
  })
})

describe('resolving a conflict', () => {
  it('records the lead’s final decision with who and when, and the record moves on', async () => {
    const { leadClient, resolve, base, db, r0, lead, status, clock } = await withConflict()
    clock.now += 3_600_000
    const res = await resolve(leadClient, r0, { decision: 'include', note: 'Discussed: in scope' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`${base}/conflicts?stage=title_abstract`)
    expect(await status(r0)).toBe('included')
    expect(await status(r0, 'full_text')).toBe('pending')
    const [row] = await db.orm.select().from(resolutions)
    expect(row).toMatchObject({
      recordId: r0,
      stage: 'title_abstract',
      userId: lead.id,
      decision: 'include',
      note: 'Discussed: in scope',
      createdAt: clock.now,
    })
    const [event] = await db.orm
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'conflict.resolve'))
    expect(event?.userId).toBe(lead.id)

    const html = await (await leadClient.get(`${base}/conflicts`)).text()
    expect(html).toContain(`Record ${r0} resolved: included.`)
    expect(html).toContain('No record is in conflict')
    const resolved = html.slice(html.indexOf('id="resolved-list"'))
    expect(resolved).toContain('Lena Lead')
    expect(resolved).toContain('Discussed: in scope')
    expect(resolved).toContain('Include')
    expect(resolved).toContain('2026-11-27 10:00 UTC')
  })

  it('lets a reviewer the lead named resolve', async () => {
    const { b, resolve, db, project, bob, r0, status } = await withConflict()
    await db.write((tx) =>
      tx
        .update(projectMembers)
        .set({ canResolve: true })
        .where(and(eq(projectMembers.projectId, project.id), eq(projectMembers.userId, bob.id)))
    )
    const res = await resolve(b, r0, { decision: 'exclude', note: 'Hospital setting' })
    expect(res.status).toBe(303)
    expect(await status(r0)).toBe('excluded')
    const [row] = await db.orm.select().from(resolutions)
    expect(row?.userId).toBe(bob.id)
  })

  it('refuses a reviewer the lead did not name (403), and saves nothing', async () => {
    const { a, resolve, db, r0, status } = await withConflict()
    const res = await resolve(a, r0, { decision: 'include' })
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('Only a lead, or a reviewer the lead named')
    expect(await status(r0)).toBe('conflict')
    expect(await db.orm.$count(resolutions)).toBe(0)
  })

  it.each([
    [{ decision: 'maybe' }, 'Maybe is not a final decision'],
    [{ decision: '' }, 'Choose include or exclude.'],
    [{ decision: 'include', note: 'x'.repeat(2001) }, 'Keep the note under 2000 characters.'],
    [{ decision: 'include', stage: 'elsewhere' }, 'Invalid option'],
  ])('refuses %j with 422, keeping the note', async (form, message) => {
    const { leadClient, resolve, db, r0, status } = await withConflict()
    const res = await resolve(leadClient, r0, { note: 'kept note', ...form })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain(message)
    expect(await status(r0)).toBe('conflict')
    expect(await db.orm.$count(resolutions)).toBe(0)
    if (!('note' in form)) expect(html).toContain('kept note</textarea>')
  })

  it('says so (409) when the record is not in conflict, and saves nothing', async () => {
    const { leadClient, resolve, db, r0, r1, r2 } = await withConflict()
    for (const id of [r1, r2]) {
      const res = await resolve(leadClient, id, { decision: 'include' })
      expect(res.status).toBe(409)
      expect(await res.text()).toContain(`Record ${id}: It is not in conflict`)
    }
    expect(await db.orm.$count(resolutions)).toBe(0)
    // Resolving twice: the second finds it settled.
    expect((await resolve(leadClient, r0, { decision: 'exclude' })).status).toBe(303)
    const again = await resolve(leadClient, r0, { decision: 'include' })
    expect(again.status).toBe(409)
    expect(await db.orm.$count(resolutions)).toBe(1)
  })

  it('answers 404 for a record that is not in the project', async () => {
    const { leadClient, resolve } = await withConflict()
    expect((await resolve(leadClient, 999999, { decision: 'include' })).status).toBe(404)
    expect((await leadClient.post('/projects/1/records/abc/resolution', {})).status).toBe(404)
  })

  it('closes the votes once resolved: a reviewer can no longer change theirs', async () => {
    const { leadClient, a, resolve, base, r0, status } = await withConflict()
    await resolve(leadClient, r0, { decision: 'exclude' })
    const res = await a.post(`${base}/records/${r0}/decisions`, {
      stage: 'title_abstract',
      decision: 'exclude',
    })
    expect(res.status).toBe(303)
    expect(await status(r0)).toBe('excluded')
  })
})
