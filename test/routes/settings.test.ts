import { and, asc, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import {
  auditEvents,
  criteria,
  decisions,
  exclusionReasons,
  projectMembers,
  projects,
  queue,
  records,
  recordStages,
} from '../../src/db/schema.ts'
import { DEFAULT_REASONS, listReasons } from '../../src/queries/settings.ts'
import { addToProject, makeProject, makeUser, signedIn, testApp } from '../helpers/app.ts'
import { distinctRecords, risFile } from '../helpers/ris.ts'

async function setup() {
  const ctx = await testApp()
  const lead = await makeUser(ctx.db, 'lead@example.org', 'Lena Lead')
  const rev = await makeUser(ctx.db, 'rev@example.org', 'Rex Reviewer')
  const outsider = await makeUser(ctx.db, 'out@example.org', 'Olga Outsider')
  const project = await makeProject(ctx.db, lead.id)
  await addToProject(ctx.db, project.id, rev.email, 'reviewer')
  const client = await signedIn(ctx.app, lead.email)
  const base = `/projects/${project.id}/settings`
  const page = async () => (await client.get(base)).text()
  const projectRow = async () =>
    (await ctx.db.orm.select().from(projects).where(eq(projects.id, project.id)))[0]!
  const savedCriteria = async () =>
    (await ctx.db.orm.select().from(criteria).orderBy(asc(criteria.position))).map((c) => ({
      id: c.id,
      name: c.name,
      text: c.description,
    }))
  return { ...ctx, lead, rev, outsider, project, client, base, page, projectRow, savedCriteria }
}

type Ctx = Awaited<ReturnType<typeof setup>>

/** The criteria form as the page posts it: rows in order, with their ids. */
const criteriaForm = (rows: { id?: number; name: string; text: string }[]) =>
  Object.fromEntries(
    rows.flatMap((r, i) => [
      [`id_${i}`, r.id === undefined ? '' : String(r.id)],
      [`name_${i}`, r.name],
      [`text_${i}`, r.text],
    ])
  )

const MODE = {
  screeningMode: 'dual',
  calibrationPercent: '20',
  kappaThreshold: '0.6',
  fullTextMode: 'dual',
}

async function titleAbstractVote(ctx: Ctx) {
  await ctx.client.upload(
    `/projects/${ctx.project.id}/imports`,
    { source: 'Scopus', kind: 'database' },
    [{ name: 's.ris', content: risFile(distinctRecords(2, 'Voted')) }]
  )
  await ctx.jobs.idle()
  const [rec] = await ctx.db.orm.select().from(records)
  await ctx.db.write((tx) =>
    tx.insert(decisions).values({
      projectId: ctx.project.id,
      recordId: rec!.id,
      stage: 'title_abstract',
      userId: ctx.rev.id,
      decision: 'include',
      createdAt: 1,
    })
  )
}

describe('the settings page', () => {
  it('shows every section, with the default reasons a new project starts with', async () => {
    const { page } = await setup()
    const html = await page()
    for (const title of ['Inclusion criteria', 'Highlight terms', 'Exclusion reasons']) {
      expect(html).toContain(title)
    }
    for (const reason of DEFAULT_REASONS) expect(html).toContain(`value="${reason}"`)
    expect(html).toContain('Leads always may resolve conflicts')
    expect(html).toContain('Rex Reviewer')
    expect(html).toContain('name="resolver"')
    expect(html).toContain('Cochrane Rapid Reviews Methods Group')
    expect(html).toContain('value="20"')
    expect(html).not.toContain('Olga Outsider')
  })

  it('is for leads: reviewers get 403 on the page and every form, outsiders 404', async () => {
    const { app, base } = await setup()
    const rev = await signedIn(app, 'rev@example.org')
    const out = await signedIn(app, 'out@example.org')
    expect((await rev.get(base)).status).toBe(403)
    expect((await out.get(base)).status).toBe(404)
    for (const form of ['criteria', 'terms', 'reasons', 'mode', 'resolvers']) {
      expect((await rev.post(`${base}/${form}`, {})).status).toBe(403)
      expect((await out.post(`${base}/${form}`, {})).status).toBe(404)
    }
  })
})

describe('inclusion criteria', () => {
  it('adds, edits, reorders and removes criteria, row by row', async () => {
    const ctx = await setup()
    const { client, base, savedCriteria, page } = ctx
    const added = await client.post(
      `${base}/criteria`,
      criteriaForm([
        { name: ' Population ', text: 'Local authority staff' },
        { name: 'Concept', text: 'Use of evidence' },
        { name: '', text: '' },
      ])
    )
    expect(added.status).toBe(303)
    expect(added.headers.get('location')).toBe(base)
    const [pop, concept] = await savedCriteria()
    expect([pop, concept]).toMatchObject([
      { name: 'Population', text: 'Local authority staff' },
      { name: 'Concept', text: 'Use of evidence' },
    ])
    const html = await page()
    expect(html).toContain('Inclusion criteria saved (2).')
    expect(html).toContain(`name="id_0" value="${pop!.id}"`)

    // Reorder, rename, add one; ids are kept.
    await client.post(
      `${base}/criteria`,
      criteriaForm([
        { id: concept!.id, name: 'Concept', text: 'Use of research evidence' },
        { id: pop!.id, name: 'Population', text: 'Local authority staff' },
        { name: 'Context', text: 'England' },
      ])
    )
    expect(await savedCriteria()).toMatchObject([
      { id: concept!.id, text: 'Use of research evidence' },
      { id: pop!.id, name: 'Population' },
      { name: 'Context' },
    ])

    // Clearing a row removes it.
    await client.post(
      `${base}/criteria`,
      criteriaForm([
        { id: concept!.id, name: '', text: '' },
        { id: pop!.id, name: 'Population', text: 'Local authority staff' },
      ])
    )
    expect(await savedCriteria()).toEqual([
      { id: pop!.id, name: 'Population', text: 'Local authority staff' },
    ])
  })

  it('moves a row with its ↑ button, saving the edits made with it', async () => {
    const { client, base, savedCriteria } = await setup()
    await client.post(
      `${base}/criteria`,
      criteriaForm([
        { name: 'A', text: 'a' },
        { name: 'B', text: 'b' },
        { name: 'C', text: 'c' },
      ])
    )
    const [a, b, c] = await savedCriteria()
    const res = await client.post(`${base}/criteria`, {
      ...criteriaForm([
        { id: a!.id, name: 'A', text: 'a' },
        { id: b!.id, name: 'B', text: 'b' },
        { id: c!.id, name: 'C2', text: 'c' },
        { name: '', text: '' },
      ]),
      move: 'up:2',
    })
    expect(res.status).toBe(303)
    expect((await savedCriteria()).map((r) => r.name)).toEqual(['A', 'C2', 'B'])
  })

  it.each([
    ['text without a name', { name: '', text: 'Some text' }, 'Name this criterion'],
    ['a name over 200 characters', { name: 'n'.repeat(201), text: '' }, 'at most 200'],
    ['text over 4000 characters', { name: 'Long', text: 't'.repeat(4001) }, 'at most 4000'],
  ])('refuses %s on that row (422), saving nothing', async (_, bad, message) => {
    const { client, base, savedCriteria } = await setup()
    const res = await client.post(
      `${base}/criteria`,
      criteriaForm([{ name: 'Population', text: 'Staff' }, bad])
    )
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain(message)
    expect(html).toMatch(/id="f-(name|text)_1"[^>]*aria-invalid="true"/)
    expect(html).toContain('Inclusion criteria not saved.')
    // The posted rows are shown again, not lost.
    expect(html).toContain('value="Population"')
    expect(await savedCriteria()).toEqual([])
  })

  it('turns an id from another project into a new criterion instead of editing theirs', async () => {
    const { client, base, db, lead, savedCriteria } = await setup()
    const other = await makeProject(db, lead.id, 'Other')
    await client.post(
      `/projects/${other.id}/settings/criteria`,
      criteriaForm([{ name: 'Theirs', text: 'x' }])
    )
    const [theirs] = await savedCriteria()
    await client.post(
      `${base}/criteria`,
      criteriaForm([{ id: theirs!.id, name: 'Mine', text: 'y' }])
    )
    const rows = await db.orm.select().from(criteria).orderBy(asc(criteria.id))
    expect(rows.map((r) => [r.projectId, r.name])).toEqual([
      [other.id, 'Theirs'],
      [expect.any(Number), 'Mine'],
    ])
    expect(rows[1]!.projectId).not.toBe(other.id)
  })

  it('shows a hostile criterion name escaped', async () => {
    const { client, base, page } = await setup()
    const xss = '<script>alert(1)</script>'
    await client.post(
      `${base}/criteria`,
      criteriaForm([{ name: xss, text: `"><img src=x onerror=alert(1)>` }])
    )
    const html = await page()
    expect(html).not.toContain('<script>alert(1)')
    expect(html).not.toContain('<img src=x')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })
})

describe('highlight terms', () => {
  it('trims, drops blanks and de-duplicates ignoring case, lines or commas', async () => {
    const { client, base, projectRow, page } = await setup()
    const res = await client.post(`${base}/terms`, {
      include: ' child* \n\nsocial   care, Social care\nCHILD*\r\nevidence based,',
      exclude: 'hospital\n',
    })
    expect(res.status).toBe(303)
    const p = await projectRow()
    expect(p.includeTerms).toEqual(['child*', 'social care', 'evidence based'])
    expect(p.excludeTerms).toEqual(['hospital'])
    const html = await page()
    expect(html).toContain('Highlight terms saved: 3 include terms, 1 exclude term.')
    expect(html).toMatch(/<textarea[^>]*name="include"[^>]*>child\*\nsocial care\nevidence based</)
  })

  it.each([
    [
      'more than 200 terms',
      Array.from({ length: 201 }, (_, i) => `t${i}`).join('\n'),
      'at most 200 terms',
    ],
    ['a term over 100 characters', 'x'.repeat(101), 'longer than 100 characters'],
    ['a term with nothing to match', 'child\n*', 'no letters or digits'],
    ['a * inside a term', 'randomi*ed', 'a * works only at the end'],
  ])('refuses %s (422), saving nothing', async (_, include, message) => {
    const { client, base, projectRow } = await setup()
    const res = await client.post(`${base}/terms`, { include, exclude: 'keep' })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain(message)
    expect(html).toContain('id="f-include" name="include" rows="6" aria-invalid="true"')
    expect((await projectRow()).includeTerms).toEqual([])
    expect((await projectRow()).excludeTerms).toEqual([])
  })

  it('marks a mistake in the exclude box on that box', async () => {
    const { client, base } = await setup()
    const many = Array.from({ length: 201 }, (_, i) => `t${i}`).join(',')
    const res = await client.post(`${base}/terms`, { include: 'child', exclude: many })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('Exclude terms: at most 200 terms (there are 201).')
    expect(html).toContain('id="f-exclude" name="exclude" rows="6" aria-invalid="true"')
    expect(html).not.toContain('id="f-include" name="include" rows="6" aria-invalid')
  })

  it('allows exactly 200 terms of 100 characters', async () => {
    const { client, base, projectRow } = await setup()
    const terms = Array.from({ length: 200 }, (_, i) => `${i}`.padStart(100, 'x'))
    expect((await client.post(`${base}/terms`, { include: terms.join('\n') })).status).toBe(303)
    expect((await projectRow()).includeTerms).toHaveLength(200)
  })

  it('shows a hostile term escaped', async () => {
    const { client, base, page } = await setup()
    await client.post(`${base}/terms`, { include: '</textarea><script>alert(1)</script>' })
    const html = await page()
    expect(html).not.toContain('<script>alert(1)')
    expect(html).toContain('&lt;/textarea&gt;&lt;script&gt;')
  })
})

describe('exclusion reasons', () => {
  const reasonsForm = (rows: { id?: number; label: string; retired?: boolean }[]) =>
    Object.fromEntries(
      rows.flatMap((r, i) => [
        [`id_${i}`, r.id === undefined ? '' : String(r.id)],
        [`label_${i}`, r.label],
        ...(r.retired ? [[`retired_${i}`, 'on']] : []),
      ])
    )

  it('renames, retires and adds reasons; a retired reason is hidden from new votes', async () => {
    const { client, base, db, project, page } = await setup()
    const before = await listReasons(db.orm, project.id, true)
    const rows = before.map((r) => ({ id: r.id, label: r.label, retired: false }))
    rows[0]!.label = 'Wrong population (not LA staff)'
    rows[1]!.retired = true
    const res = await client.post(
      `${base}/reasons`,
      reasonsForm([...rows, { label: 'Duplicate publication' }, { label: '  ' }])
    )
    expect(res.status).toBe(303)
    const all = await listReasons(db.orm, project.id, true)
    expect(all).toHaveLength(DEFAULT_REASONS.length + 1)
    expect(all[0]!.label).toBe('Wrong population (not LA staff)')
    expect(all.at(-1)!.label).toBe('Duplicate publication')
    const active = await listReasons(db.orm, project.id)
    expect(active.map((r) => r.id)).not.toContain(before[1]!.id)
    const html = await page()
    expect(html).toContain('Exclusion reasons saved.')
    expect(html).toMatch(/name="retired_1" checked/)

    // Un-retiring brings it back; saving again keeps the date it was first retired.
    const retiredAt = all[1]!.retiredAt
    await client.post(
      `${base}/reasons`,
      reasonsForm(all.map((r) => ({ ...r, retired: r.retiredAt !== null })))
    )
    expect((await listReasons(db.orm, project.id, true))[1]!.retiredAt).toBe(retiredAt)
    await client.post(`${base}/reasons`, reasonsForm(all.map((r) => ({ ...r, retired: false }))))
    expect(await listReasons(db.orm, project.id)).toHaveLength(DEFAULT_REASONS.length + 1)
  })

  it.each([
    [
      'a duplicate label',
      (ids: number[]) => [
        { id: ids[0], label: 'Wrong study design' },
        { id: ids[3], label: 'wrong study design ' },
      ],
      'is already a reason',
    ],
    [
      'an existing reason cleared',
      (ids: number[]) => [{ id: ids[0], label: '' }],
      'cannot be removed, only retired',
    ],
    ['a label over 200 characters', () => [{ label: 'r'.repeat(201) }], 'at most 200'],
    [
      'every reason retired',
      (ids: number[]) => ids.map((id) => ({ id, label: `R${id}`, retired: true })),
      'at least one reason in use',
    ],
    ['an id from elsewhere', () => [{ id: 999999, label: 'Forged' }], 'out of date'],
  ])('refuses %s (422), saving nothing', async (_, rows, message) => {
    const { client, base, db, project } = await setup()
    const before = await listReasons(db.orm, project.id, true)
    const res = await client.post(`${base}/reasons`, reasonsForm(rows(before.map((r) => r.id))))
    expect(res.status).toBe(422)
    expect(await res.text()).toContain(message)
    expect(await listReasons(db.orm, project.id, true)).toEqual(before)
  })

  it('keeps a reason left out of the form (reasons are never deleted)', async () => {
    const { client, base, db, project } = await setup()
    const before = await listReasons(db.orm, project.id, true)
    await client.post(`${base}/reasons`, reasonsForm([{ id: before[2]!.id, label: 'First now' }]))
    const after = await listReasons(db.orm, project.id, true)
    expect(after).toHaveLength(before.length)
    expect(after[0]!.label).toBe('First now')
    expect(await db.orm.$count(exclusionReasons)).toBe(before.length)
  })
})

describe('screening mode', () => {
  it('changes before screening has started', async () => {
    const { client, base, projectRow, page } = await setup()
    const res = await client.post(`${base}/mode`, {
      screeningMode: 'rapid',
      calibrationPercent: '25',
      kappaThreshold: '0.7',
      fullTextMode: 'single',
    })
    expect(res.status).toBe(303)
    expect(await projectRow()).toMatchObject({
      screeningMode: 'rapid',
      calibrationShare: 0.25,
      kappaThreshold: 0.7,
      fullTextMode: 'single',
    })
    const html = await page()
    expect(html).toContain('Screening mode saved.')
    expect(html).toMatch(/name="screeningMode" value="rapid" checked/)
    expect(html).toContain('value="25"')
  })

  it('draws the calibration sample for records imported before rapid mode was chosen', async () => {
    const ctx = await setup()
    await ctx.client.upload(
      `/projects/${ctx.project.id}/imports`,
      { source: 'Scopus', kind: 'database' },
      [{ name: 's.ris', content: risFile(distinctRecords(10, 'Early')) }]
    )
    await ctx.jobs.idle()
    await ctx.client.post(`${ctx.base}/mode`, {
      ...MODE,
      screeningMode: 'rapid',
      calibrationPercent: '30',
    })
    const stages = await ctx.db.orm.select().from(recordStages)
    expect(stages.filter((s) => s.calibrationBatch === 1)).toHaveLength(3)
    expect((await ctx.projectRow()).calibrationBatches).toBe(1)
    // Calibration records come first in everyone's queue.
    const first = await ctx.db.orm
      .select()
      .from(queue)
      .where(and(eq(queue.userId, ctx.rev.id), eq(queue.stage, 'title_abstract')))
      .orderBy(asc(queue.sortKey))
      .limit(3)
    const batch = new Set(stages.filter((s) => s.calibrationBatch === 1).map((s) => s.recordId))
    expect(first.every((q) => batch.has(q.recordId))).toBe(true)

    // Back to dual: no sample any more.
    await ctx.client.post(`${ctx.base}/mode`, MODE)
    expect(
      (await ctx.db.orm.select().from(recordStages)).every((s) => s.calibrationBatch === null)
    ).toBe(true)
    expect(await ctx.db.orm.$count(queue)).toBe(10 * 2)
  })

  it('refuses to change the title/abstract mode once someone has voted (422), changing nothing', async () => {
    const ctx = await setup()
    await titleAbstractVote(ctx)
    const html = await ctx.page()
    expect(html).toContain('Title/abstract screening has started')
    const res = await ctx.client.post(`${ctx.base}/mode`, {
      ...MODE,
      screeningMode: 'rapid',
      fullTextMode: 'single',
    })
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('can no longer change')
    expect(await ctx.projectRow()).toMatchObject({ screeningMode: 'dual', fullTextMode: 'dual' })
    // Full text alone may still change.
    const ok = await ctx.client.post(`${ctx.base}/mode`, { ...MODE, fullTextMode: 'single' })
    expect(ok.status).toBe(303)
    expect((await ctx.projectRow()).fullTextMode).toBe('single')
  })

  it('leaves a share that is not a whole percent as it is when the form comes back unchanged', async () => {
    const ctx = await setup()
    await ctx.db.write((tx) =>
      tx.update(projects).set({ calibrationShare: 0.125 }).where(eq(projects.id, ctx.project.id))
    )
    await titleAbstractVote(ctx)
    const res = await ctx.client.post(`${ctx.base}/mode`, {
      ...MODE,
      calibrationPercent: '13',
      fullTextMode: 'single',
    })
    expect(res.status).toBe(303)
    expect(await ctx.projectRow()).toMatchObject({
      calibrationShare: 0.125,
      fullTextMode: 'single',
    })
  })

  it.each([
    ['a share of 0', { calibrationPercent: '0' }, 'whole number from 1 to 100'],
    ['a share over 100', { calibrationPercent: '101' }, 'whole number from 1 to 100'],
    ['an empty share', { calibrationPercent: '' }, 'whole number from 1 to 100'],
    ['a kappa over 1', { kappaThreshold: '1.2' }, 'from 0 to 1'],
    ['a kappa that is not a number', { kappaThreshold: 'high' }, 'from 0 to 1'],
    ['an unknown mode', { screeningMode: 'triple' }, 'Choose dual or rapid'],
  ])('refuses %s (422)', async (_, change, message) => {
    const { client, base, projectRow } = await setup()
    const res = await client.post(`${base}/mode`, { ...MODE, fullTextMode: 'single', ...change })
    expect(res.status).toBe(422)
    expect(await res.text()).toContain(message)
    expect((await projectRow()).fullTextMode).toBe('dual')
  })
})

describe('conflict resolvers', () => {
  const canResolve = async (ctx: Ctx, userId: number) =>
    (
      await ctx.db.orm
        .select()
        .from(projectMembers)
        .where(and(eq(projectMembers.projectId, ctx.project.id), eq(projectMembers.userId, userId)))
    )[0]?.canResolve

  it('names reviewers who may resolve, and un-names them', async () => {
    const ctx = await setup()
    const ann = await makeUser(ctx.db, 'ann@example.org', 'Ann Assistant')
    await addToProject(ctx.db, ctx.project.id, ann.email, 'reviewer')
    const res = await ctx.client.post(`${ctx.base}/resolvers`, {
      resolver: [String(ctx.rev.id), String(ann.id)],
    })
    expect(res.status).toBe(303)
    expect([await canResolve(ctx, ctx.rev.id), await canResolve(ctx, ann.id)]).toEqual([true, true])
    expect(await ctx.page()).toMatch(new RegExp(`value="${ctx.rev.id}" checked`))
    await ctx.client.post(`${ctx.base}/resolvers`, { resolver: String(ann.id) })
    expect([await canResolve(ctx, ctx.rev.id), await canResolve(ctx, ann.id)]).toEqual([
      false,
      true,
    ])
    await ctx.client.post(`${ctx.base}/resolvers`, {})
    expect(await canResolve(ctx, ann.id)).toBe(false)
    const events = await ctx.db.orm
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'settings.resolvers'))
    expect(events).toHaveLength(3)
  })

  it.each([
    ['an outsider', (ctx: Ctx) => String(ctx.outsider.id)],
    ['a lead', (ctx: Ctx) => String(ctx.lead.id)],
    ['something that is not an id', () => 'everyone'],
  ])('refuses to name %s (422), changing nothing', async (_, forged) => {
    const ctx = await setup()
    await ctx.client.post(`${ctx.base}/resolvers`, { resolver: String(ctx.rev.id) })
    const res = await ctx.client.post(`${ctx.base}/resolvers`, { resolver: [forged(ctx)] })
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('Only reviewers of this project can be named')
    expect(await canResolve(ctx, ctx.rev.id)).toBe(true)
    expect(await canResolve(ctx, ctx.lead.id)).toBe(false)
    expect(await canResolve(ctx, ctx.outsider.id)).toBeUndefined()
  })
})
