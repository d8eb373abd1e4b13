import { and, asc, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { decisions, projects, queue, recordStages } from '../../src/db/schema.ts'
import { addToProject, makeUser, signedIn } from '../helpers/app.ts'
import { reviewTeam } from '../helpers/team.ts'
import { distinctRecords, risFile } from '../helpers/ris.ts'

const HX = { 'HX-Request': 'true' }

async function setup(
  opts: {
    records?: number
    mode?: { screeningMode: 'dual' | 'rapid'; calibrationShare?: number }
  } = {}
) {
  const team = await reviewTeam()
  if (opts.mode) {
    await team.db.write((tx) =>
      tx.update(projects).set(opts.mode!).where(eq(projects.id, team.project.id))
    )
  }
  await team.upload('Scopus', risFile(distinctRecords(opts.records ?? 6, 'Screened')))
  const ids = await team.recordIds()
  const status = async (recordId: number, stage = 'title_abstract') => {
    const [row] = await team.db.orm
      .select()
      .from(recordStages)
      .where(
        and(eq(recordStages.recordId, recordId), eq(recordStages.stage, stage as 'title_abstract'))
      )
    return row
  }
  return { ...team, ids, status }
}

const cardRecord = (html: string) => Number(/data-record="(\d+)"/.exec(html)?.[1])

describe('the screening page', () => {
  it('shows one record at a time with the buttons, the keys and the progress', async () => {
    const { a, base, ids } = await setup()
    const html = await (await a.get(`${base}/screen`)).text()
    expect(ids).toContain(cardRecord(html))
    expect(html).toContain('data-key="i"')
    expect(html).toContain('data-key="e"')
    expect(html).toContain('data-key="m"')
    expect(html).toContain('0 of 6 records done')
  })

  it('gives each reviewer their own stable random order', async () => {
    const { a, b, lead, app, base } = await setup({ records: 30 })
    const first = async (client: typeof a) =>
      cardRecord(await (await client.get(`${base}/screen`)).text())
    expect(await first(a)).toBe(await first(a))
    const leadClient = await signedIn(app, lead.email)
    const firsts = new Set([await first(a), await first(b), await first(leadClient)])
    expect(firsts.size).toBeGreaterThan(1)
  })

  it('answers an htmx decision with the next card and the progress out of band', async () => {
    const { a, base, vote } = await setup()
    const current = cardRecord(await (await a.get(`${base}/screen`)).text())
    const res = await vote(a, current, 'include', {}, HX)
    expect(res.status).toBe(200)
    expect(res.headers.get('vary')).toContain('HX-Request')
    const html = await res.text()
    expect(html).not.toContain('<html')
    expect(html).toContain('id="screen-card"')
    expect(cardRecord(html)).not.toBe(current)
    expect(html).toContain('hx-swap-oob="true"')
    expect(html).toContain('1 of 6 records done')
  })

  it('answers a plain form post with 303 back to the screening page', async () => {
    const { a, vote, ids, base } = await setup()
    const res = await vote(a, ids[0]!, 'exclude')
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`${base}/screen`)
  })
})

describe('outcomes', () => {
  it.each([
    ['include', 'include', 'included'],
    ['maybe', 'include', 'included'],
    ['maybe', 'maybe', 'included'],
    ['exclude', 'exclude', 'excluded'],
    ['include', 'exclude', 'conflict'],
    ['maybe', 'exclude', 'conflict'],
  ])('%s + %s → %s', async (first, second, expected) => {
    const { a, b, vote, ids, status } = await setup()
    await vote(a, ids[0]!, first)
    expect((await status(ids[0]!))?.status).toBe('pending')
    await vote(b, ids[0]!, second)
    expect((await status(ids[0]!))?.status).toBe(expected)
  })

  it('sends an included record to full text, and takes it back if a vote changes', async () => {
    const { a, b, vote, ids, status } = await setup()
    await vote(a, ids[0]!, 'include')
    await vote(b, ids[0]!, 'include')
    expect((await status(ids[0]!, 'full_text'))?.status).toBe('pending')
    await vote(b, ids[0]!, 'exclude')
    expect((await status(ids[0]!))?.status).toBe('conflict')
    expect(await status(ids[0]!, 'full_text')).toBeUndefined()
  })

  it('takes a decided record out of every queue, including a third member’s', async () => {
    const { a, b, vote, ids, db, lead } = await setup()
    await vote(a, ids[0]!, 'exclude')
    await vote(b, ids[0]!, 'exclude')
    const [leadRow] = await db.orm
      .select()
      .from(queue)
      .where(and(eq(queue.recordId, ids[0]!), eq(queue.userId, lead.id)))
    expect(leadRow?.doneAt).not.toBeNull()
  })

  it('keeps every vote and change of vote, and counts the latest', async () => {
    const { a, b, vote, ids, db, status } = await setup()
    await vote(a, ids[0]!, 'include', { note: 'population fits' })
    await vote(a, ids[0]!, 'exclude', { note: 'on second thought, wrong setting' })
    await vote(b, ids[0]!, 'exclude')
    expect((await status(ids[0]!))?.status).toBe('excluded')
    const rows = await db.orm
      .select()
      .from(decisions)
      .where(eq(decisions.recordId, ids[0]!))
      .orderBy(asc(decisions.id))
    expect(rows.map((r) => r.decision)).toEqual(['include', 'exclude', 'exclude'])
    expect(rows[0]?.note).toBe('population fits')
  })
})

describe('blind screening', () => {
  it('never shows a reviewer another reviewer’s vote or note while the record is pending', async () => {
    const { a, b, vote, ids, base, leadClient } = await setup({ records: 1 })
    const secretNote = 'SECRET-NOTE-FROM-ANN'
    await vote(a, ids[0]!, 'exclude', { note: secretNote })
    // Every page, fragment and file a reviewer can reach (see the access matrix).
    const pages = [
      '/projects',
      `${base}`,
      `${base}/screen`,
      `${base}/screen?record=${ids[0]}`,
      `${base}/records`,
      `${base}/records?q=Screened`,
      `${base}/records/${ids[0]}`,
      `${base}/imports`,
      `${base}/imports/1`,
      `${base}/conflicts`,
      `${base}/agreement`,
      `${base}/agreement.json`,
      `${base}/prisma.json`,
      `${base}/prisma.csv`,
      `${base}/members`,
    ]
    for (const client of [b, leadClient]) {
      for (const path of pages) {
        const res = await client.get(path)
        expect(res.status, path).toBe(200)
        const html = await res.text()
        expect(html, path).not.toContain(secretNote)
        expect(html, path).not.toMatch(/Your decision: <strong>exclude/)
        // Names are listed on the members and agreement pages; nowhere else is Ann named.
        if (!/members|agreement/.test(path)) expect(html, path).not.toContain('Ann Assistant')
      }
    }
    // Bob's card for the record offers a fresh decision.
    const card = await (await b.get(`${base}/screen`)).text()
    expect(cardRecord(card)).toBe(ids[0])
    expect(card).not.toContain('Your decision')
  })

  it('shows a reviewer their own vote when they come back to it', async () => {
    const { a, vote, ids, base } = await setup({ records: 2 })
    await vote(a, ids[0]!, 'maybe', { note: 'check the setting' })
    const undone = await a.post(`${base}/screen/undo`, {}, HX)
    const html = await undone.text()
    expect(html).toContain(`Your decision on record ${ids[0]} is undone`)
    expect(cardRecord(html)).toBe(ids[0])
  })
})

describe('undo', () => {
  it('withdraws the last decision, keeps it in the history and puts the record back in the queue', async () => {
    const { a, vote, base, db, ann } = await setup()
    const current = cardRecord(await (await a.get(`${base}/screen`)).text())
    await vote(a, current, 'exclude', {}, HX)
    const res = await a.post(`${base}/screen/undo`, {}, HX)
    expect(res.status).toBe(200)
    const rows = await db.orm
      .select()
      .from(decisions)
      .where(eq(decisions.recordId, current))
      .orderBy(asc(decisions.id))
    expect(rows.map((r) => r.decision)).toEqual(['exclude', 'withdrawn'])
    const [row] = await db.orm
      .select()
      .from(queue)
      .where(and(eq(queue.recordId, current), eq(queue.userId, ann.id)))
    expect(row?.doneAt).toBeNull()
    // Undo again goes one decision further back; with none left it says so.
    const again = await a.post(`${base}/screen/undo`, {}, HX)
    expect(again.status).toBe(422)
    expect(await again.text()).toContain('There is no decision of yours to undo.')
  })

  it('undoes decisions in reverse order', async () => {
    const { a, vote, base, ids, db } = await setup()
    await vote(a, ids[0]!, 'include')
    await vote(a, ids[1]!, 'exclude')
    await a.post(`${base}/screen/undo`, {}, HX)
    await a.post(`${base}/screen/undo`, {}, HX)
    const rows = await db.orm.select().from(decisions).orderBy(asc(decisions.id))
    expect(rows.map((r) => [r.recordId, r.decision])).toEqual([
      [ids[0], 'include'],
      [ids[1], 'exclude'],
      [ids[1], 'withdrawn'],
      [ids[0], 'withdrawn'],
    ])
  })

  it('turns an agreed record back to pending when one vote is undone', async () => {
    const { a, b, vote, base, ids, status } = await setup()
    await vote(a, ids[0]!, 'include')
    await vote(b, ids[0]!, 'include')
    expect((await status(ids[0]!))?.status).toBe('included')
    await b.post(`${base}/screen/undo`)
    expect((await status(ids[0]!))?.status).toBe('pending')
    expect(await status(ids[0]!, 'full_text')).toBeUndefined()
  })
})

describe('mistakes and forged posts', () => {
  it.each([
    [{ decision: 'yes' }, 'Choose include, exclude or maybe.'],
    [{ decision: 'not_retrieved' }, 'not a title/abstract decision'],
    [{ decision: 'exclude', reason: '999999' }, 'Choose one of this project’s exclusion reasons.'],
    [{ decision: 'include', reason: '1' }, 'Only an exclusion carries a reason'],
  ])('refuses %j with a message and stores nothing', async (form, message) => {
    const { a, vote, ids, db } = await setup()
    const res = await vote(a, ids[0]!, '', form as Record<string, string>, HX)
    expect(res.status).toBe(422)
    expect(await res.text()).toContain(message)
    expect(await db.orm.$count(decisions)).toBe(0)
  })

  it('says when a record is not waiting for screening (a duplicate, or another project’s)', async () => {
    const { a, vote, db } = await setup()
    const res = await vote(a, 999999, 'include', {}, HX)
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('not waiting for this stage of screening')
    expect(await db.orm.$count(decisions)).toBe(0)
  })

  it('refuses votes from someone who is no longer a member', async () => {
    const { app, db, project, ids, base } = await setup()
    const { removeMember } = await import('../../src/queries/projects.ts')
    const carl = await makeUser(db, 'carl@example.org')
    await addToProject(db, project.id, carl.email, 'reviewer')
    const client = await signedIn(app, carl.email)
    await db.write((tx) =>
      removeMember(tx, { projectId: project.id, userId: carl.id, byUserId: null, now: 1 })
    )
    const res = await client.post(`${base}/records/${ids[0]}/decisions`, {
      stage: 'title_abstract',
      decision: 'include',
    })
    expect(res.status).toBe(404)
    expect(await db.orm.$count(decisions)).toBe(0)
    expect((await db.orm.select().from(queue)).some((q) => q.userId === carl.id)).toBe(false)
  })
})

describe('cross-site posts', () => {
  it('refuses a decision posted from another site', async () => {
    const { a, vote, ids, db } = await setup()
    const res = await vote(a, ids[0]!, 'include', {}, { Origin: 'https://evil.example' })
    expect(res.status).toBe(403)
    expect(await db.orm.$count(decisions)).toBe(0)
  })
})

describe('concurrency', () => {
  it('stores both votes when two reviewers post at the same moment', async () => {
    const { a, b, vote, ids, db, status } = await setup()
    await Promise.all([vote(a, ids[0]!, 'include', {}, HX), vote(b, ids[0]!, 'exclude', {}, HX)])
    expect(await db.orm.$count(decisions)).toBe(2)
    expect((await status(ids[0]!))?.status).toBe('conflict')
  })

  it('stores every vote of a burst from three people on many records', async () => {
    const { a, b, leadClient, vote, ids, db } = await setup({ records: 12 })
    const posts = ids.flatMap((id, i) => [
      vote(a, id, i % 2 ? 'include' : 'exclude', {}, HX),
      vote(b, id, i % 3 ? 'include' : 'exclude', {}, HX),
      vote(leadClient, id, 'maybe', {}, HX),
    ])
    const results = await Promise.all(posts)
    // Each post is answered; a vote arriving after two others decided the record is still kept.
    expect(results.every((r) => r.status === 200 || r.status === 422)).toBe(true)
    const stored = await db.orm.$count(decisions)
    const accepted = results.filter((r) => r.status === 200).length
    expect(stored).toBe(accepted)
    expect(stored).toBe(36)
  })
})

describe('members and queues', () => {
  it('gives a member added later everything still waiting', async () => {
    const { db, project, ids } = await setup()
    const dee = await makeUser(db, 'dee@example.org')
    await addToProject(db, project.id, dee.email, 'reviewer')
    const rows = await db.orm.select().from(queue).where(eq(queue.userId, dee.id))
    expect(rows.map((r) => r.recordId).sort()).toEqual([...ids].sort())
  })
})

describe('rapid mode', () => {
  it('dual-screens a calibration batch first, then single-screens once kappa is high enough', async () => {
    const { a, b, vote, ids, db, project, status, base } = await setup({
      records: 10,
      mode: { screeningMode: 'rapid', calibrationShare: 0.4 },
    })
    const stages = await db.orm
      .select()
      .from(recordStages)
      .where(eq(recordStages.stage, 'title_abstract'))
    const batch = stages.filter((s) => s.calibrationBatch === 1).map((s) => s.recordId)
    expect(batch).toHaveLength(4)
    expect(stages.every((s) => s.votesNeeded === 2)).toBe(true)
    // The calibration records come first in each reviewer's queue.
    const firstFour: number[] = []
    for (let i = 0; i < 4; i++) {
      const id = cardRecord(await (await a.get(`${base}/screen`)).text())
      firstFour.push(id)
      await vote(a, id, i < 2 ? 'include' : 'exclude')
    }
    expect(firstFour.sort()).toEqual([...batch].sort())
    // Bob agrees on all four: kappa = 1 ≥ 0.6, so the rest is single-screened.
    const annVotes = await db.orm.select().from(decisions).orderBy(asc(decisions.id))
    for (const d of annVotes) await vote(b, d.recordId, d.decision)
    const [p] = await db.orm.select().from(projects).where(eq(projects.id, project.id))
    expect(p?.rapidPhase).toBe('single')
    const rest = ids.filter((id) => !batch.includes(id))
    await vote(a, rest[0]!, 'exclude')
    expect((await status(rest[0]!))?.status).toBe('excluded')
    expect((await status(batch[0]!))?.votesNeeded).toBe(2)
  })

  it('opens another dual batch when agreement is too low', async () => {
    const { a, b, vote, db, project } = await setup({
      records: 10,
      mode: { screeningMode: 'rapid', calibrationShare: 0.4 },
    })
    const batch = (await db.orm.select().from(recordStages))
      .filter((s) => s.calibrationBatch === 1)
      .map((s) => s.recordId)
    // Ann: include, include, exclude, exclude; Bob: include, exclude, include, exclude → kappa 0.
    const annVotes = ['include', 'include', 'exclude', 'exclude']
    const bobVotes = ['include', 'exclude', 'include', 'exclude']
    for (const [i, id] of batch.entries()) {
      await vote(a, id, annVotes[i]!)
      await vote(b, id, bobVotes[i]!)
    }
    const [p] = await db.orm.select().from(projects).where(eq(projects.id, project.id))
    expect(p?.rapidPhase).toBe('calibrating')
    expect(p?.calibrationBatches).toBe(2)
    const second = (await db.orm.select().from(recordStages)).filter(
      (s) => s.calibrationBatch === 2
    )
    expect(second).toHaveLength(4)
  })
})
