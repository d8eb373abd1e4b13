import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import {
  findings,
  projects,
  studyFields,
  studyValues,
  themes,
  toolkitFindings,
} from '../../src/db/schema.ts'
import { signedIn } from '../helpers/app.ts'
import { distinctRecords, risFile } from '../helpers/ris.ts'
import { reviewTeam } from '../helpers/team.ts'

const HX = { 'HX-Request': 'true' }

/** Two studies included at full text (single full-text mode), one record left at title/abstract. */
async function setup() {
  const team = await reviewTeam()
  await team.db.write((tx) =>
    tx.update(projects).set({ fullTextMode: 'single' }).where(eq(projects.id, team.project.id))
  )
  await team.upload('Scopus', risFile(distinctRecords(3, 'Extracted')))
  const ids = await team.recordIds()
  for (const id of ids.slice(0, 2)) {
    await team.vote(team.a, id, 'include')
    await team.vote(team.b, id, 'include')
    await team.a.post(`${team.base}/records/${id}/decisions`, {
      stage: 'full_text',
      decision: 'include',
    })
  }
  const [s1, s2, notIncluded] = ids as [number, number, number]
  const page = (id: number) => `${team.base}/extraction/${id}`
  const finding = {
    kind: 'barrier',
    comB: 'opportunity_social',
    level: 'organisational',
    stakeholder: 'commissioner',
    theme: 'Leadership support',
    evidence: '“We had no senior sponsor,” said a commissioner.',
    page: '12',
  }
  return { ...team, s1, s2, notIncluded, page, finding }
}

describe('the studies list', () => {
  it('lists the included studies with their references and what is left to verify', async () => {
    const { a, base, s1, finding, page } = await setup()
    await a.post(`${page(s1)}/findings`, finding)
    const html = await (await a.get(`${base}/extraction`)).text()
    expect(html).toContain('Author0 2000')
    expect(html).toContain('Author1 2001')
    expect(html).not.toContain('Author2 2002')
    expect(html).toContain('1 row is not verified yet.')
  })
})

describe('findings', () => {
  it('adds a row through htmx, answering with the section only, and creates an inductive theme', async () => {
    const { a, s1, page, finding, db, ann } = await setup()
    const res = await a.post(`${page(s1)}/findings`, finding, HX)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).not.toContain('<html')
    expect(html).toMatch(/^<section id="findings"/)
    expect(html).toContain('We had no senior sponsor')
    const [row] = await db.orm.select().from(findings)
    expect(row).toMatchObject({
      recordId: s1,
      kind: 'barrier',
      extractedBy: ann.id,
      verifiedBy: null,
    })
    const [theme] = await db.orm.select().from(themes)
    expect(theme).toMatchObject({
      name: 'Leadership support',
      origin: 'inductive',
      createdBy: ann.id,
    })
  })

  it('reuses a theme typed in another case, and offers the themes for autocomplete', async () => {
    const { a, s1, s2, page, finding, db } = await setup()
    await a.post(`${page(s1)}/findings`, finding)
    await a.post(`${page(s2)}/findings`, { ...finding, theme: '  leadership SUPPORT ' })
    expect(await db.orm.$count(themes)).toBe(1)
    const html = await (await a.get(page(s2))).text()
    expect(html).toContain('<datalist id="theme-list"><option value="Leadership support"')
  })

  it('works as a plain form post too', async () => {
    const { a, s1, page, finding } = await setup()
    const res = await a.post(`${page(s1)}/findings`, finding)
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`${page(s1)}#findings`)
  })

  it.each([
    [{ kind: 'obstacle' }, 'Choose the kind.'],
    [{ comB: 'capability' }, 'Choose the COM-B component.'],
    [{ evidence: ' ' }, 'Evidence is required.'],
    [{ theme: '' }, 'Theme is required.'],
  ])('re-renders the new row with its values and errors for %j', async (change, message) => {
    const { a, s1, page, finding, db } = await setup()
    const res = await a.post(`${page(s1)}/findings`, { ...finding, ...change }, HX)
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain(message)
    expect(html).toContain('12')
    expect(await db.orm.$count(findings)).toBe(0)
  })

  it('is verified by a second person only, and an edit asks for verification again', async () => {
    const { a, b, s1, page, finding, db, bob } = await setup()
    await a.post(`${page(s1)}/findings`, finding)
    const [row] = await db.orm.select().from(findings)
    const own = await a.post(`${page(s1)}/findings/${row!.id}/verify`, {}, HX)
    expect(own.status).toBe(422)
    expect(await own.text()).toContain('A second person verifies each row')
    expect((await b.post(`${page(s1)}/findings/${row!.id}/verify`, {}, HX)).status).toBe(200)
    expect((await db.orm.select().from(findings))[0]).toMatchObject({ verifiedBy: bob.id })
    await a.post(`${page(s1)}/findings/${row!.id}`, { ...finding, evidence: 'Reworded quote.' })
    expect((await db.orm.select().from(findings))[0]).toMatchObject({
      evidence: 'Reworded quote.',
      verifiedBy: null,
    })
  })

  it('edits in place with ?edit=, and deletes', async () => {
    const { a, s1, page, finding, db } = await setup()
    await a.post(`${page(s1)}/findings`, finding)
    const [row] = await db.orm.select().from(findings)
    const edit = await (await a.get(`${page(s1)}?edit=finding:${row!.id}`, HX)).text()
    expect(edit).toContain(`action="${page(s1)}/findings/${row!.id}"`)
    expect((await a.post(`${page(s1)}/findings/${row!.id}/delete`, {}, HX)).status).toBe(200)
    expect(await db.orm.$count(findings)).toBe(0)
  })

  it('shows what people typed as text, never markup', async () => {
    const { a, s1, page, finding } = await setup()
    await a.post(`${page(s1)}/findings`, {
      ...finding,
      theme: '<img src=x onerror=alert(1)>',
      evidence: '<script>alert(2)</script>',
    })
    const html = await (await a.get(page(s1))).text()
    expect(html).not.toContain('<script>alert(2)')
    expect(html).not.toContain('<img src=x')
  })

  it('answers 404 for a study that is not included, and to outsiders', async () => {
    const { a, notIncluded, page, finding, app, db } = await setup()
    expect((await a.get(page(notIncluded))).status).toBe(404)
    expect((await a.post(`${page(notIncluded)}/findings`, finding)).status).toBe(404)
    const { makeUser } = await import('../helpers/app.ts')
    await makeUser(db, 'out@example.org')
    const outsider = await signedIn(app, 'out@example.org')
    expect((await outsider.get(`${page(notIncluded)}`)).status).toBe(404)
  })
})

describe('toolkit evaluations', () => {
  it('adds, autocompletes the names, and verifies', async () => {
    const { a, b, s1, s2, page, db } = await setup()
    const row = {
      toolkit: 'EIF Guidebook',
      aspect: 'usability',
      direction: 'positive',
      finding: 'Quick to search.',
      design: 'Interviews',
    }
    expect((await a.post(`${page(s1)}/toolkits`, row, HX)).status).toBe(200)
    const html = await (await a.get(page(s2))).text()
    expect(html).toContain('<datalist id="toolkit-list"><option value="EIF Guidebook"')
    const [saved] = await db.orm.select().from(toolkitFindings)
    expect((await b.post(`${page(s1)}/toolkits/${saved!.id}/verify`, {}, HX)).status).toBe(200)
    const bad = await a.post(`${page(s1)}/toolkits`, { ...row, direction: 'sideways' }, HX)
    expect(bad.status).toBe(422)
  })
})

describe('study characteristics', () => {
  it('saves each kind of field, and refuses what does not fit', async () => {
    const { a, s1, page, db, project } = await setup()
    const fields = await db.orm
      .select()
      .from(studyFields)
      .where(eq(studyFields.projectId, project.id))
    const by = (role: string) => fields.find((f) => f.role === role)!
    const form = {
      [`field_${by('country').id}`]: 'England',
      [`field_${by('setting').id}`]: ['Health', 'Early help'],
      [`field_${by('design').id}`]: 'Qualitative',
      [`field_${by('sample_size').id}`]: '1,204',
    }
    expect((await a.post(`${page(s1)}/characteristics`, form)).status).toBe(303)
    const values = await db.orm.select().from(studyValues).where(eq(studyValues.recordId, s1))
    const value = (role: string) => values.find((v) => v.fieldId === by(role).id)?.value
    expect(value('country')).toBe('England')
    expect(JSON.parse(value('setting')!)).toEqual(['Health', 'Early help'])
    expect(value('sample_size')).toBe('1204')
    const bad = await a.post(`${page(s1)}/characteristics`, {
      ...form,
      [`field_${by('sample_size').id}`]: 'about forty',
      [`field_${by('design').id}`]: 'Astrology',
    })
    expect(bad.status).toBe(422)
    const html = await bad.text()
    expect(html).toContain('Sample size must be a number')
    expect(html).toContain('Choose one of the listed design options.')
    expect(values.find((v) => v.fieldId === by('design').id)?.value).toBe('Qualitative')
  })
})

describe('themes and fields, for the lead', () => {
  it('adds deductive themes, renames, and merges moving the findings', async () => {
    const { a, leadClient, base, s1, page, finding, db } = await setup()
    await leadClient.post(`${base}/extraction/themes`, {
      names: 'Leadership support\nAccess to data\n\n',
    })
    await a.post(`${page(s1)}/findings`, { ...finding, theme: 'Senior sponsorship' })
    const all = await db.orm.select().from(themes)
    const id = (n: string) => all.find((t) => t.name === n)!.id
    expect(all.find((t) => t.name === 'Leadership support')?.origin).toBe('deductive')
    const taken = await leadClient.post(
      `${base}/extraction/themes/${id('Access to data')}/rename`,
      { name: 'leadership support' }
    )
    expect(taken.status).toBe(422)
    expect(await taken.text()).toContain('merge into it instead')
    await leadClient.post(`${base}/extraction/themes/${id('Senior sponsorship')}/merge`, {
      into: String(id('Leadership support')),
    })
    const [row] = await db.orm.select().from(findings)
    expect(row?.themeId).toBe(id('Leadership support'))
    const html = await (await a.get(`${base}/extraction/themes`)).text()
    expect(html).not.toContain('Senior sponsorship')
    expect((await a.post(`${base}/extraction/themes`, { names: 'X' })).status).toBe(403)
  })

  it('adds, renames, reorders and retires fields without losing values', async () => {
    const { a, leadClient, base, s1, page, db, project } = await setup()
    const [country] = await db.orm
      .select()
      .from(studyFields)
      .where(and(eq(studyFields.projectId, project.id), eq(studyFields.role, 'country')))
    await a.post(`${page(s1)}/characteristics`, { [`field_${country!.id}`]: 'Wales' })
    await leadClient.post(`${base}/extraction/fields/${country!.id}`, {
      label: 'Country or nation',
    })
    await leadClient.post(`${base}/extraction/fields/${country!.id}/move`, { direction: 'down' })
    await leadClient.post(`${base}/extraction/fields/${country!.id}/retire`)
    await leadClient.post(`${base}/extraction/fields`, {
      label: 'Funding',
      kind: 'one_of',
      options: 'Public\nCharity',
    })
    const html = await (await a.get(page(s1))).text()
    expect(html).toContain('Country or nation')
    expect(html).toContain('(retired field)')
    expect(html).toContain('Wales')
    expect(html).toContain('Funding')
    expect((await a.get(`${base}/extraction/fields`)).status).toBe(403)
    const noOptions = await leadClient.post(`${base}/extraction/fields`, {
      label: 'Broken',
      kind: 'many_of',
      options: '',
    })
    expect(noOptions.status).toBe(422)
  })
})
