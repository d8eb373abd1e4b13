import { describe, expect, it } from 'vitest'
import { auditEvents, projectMembers } from '../../src/db/schema.ts'
import { addToProject, makeProject, makeUser, signedIn, testApp } from '../helpers/app.ts'

describe('projects', () => {
  it('creates a project whose creator is its lead, and lists it', async () => {
    const { app, db } = await testApp()
    const user = await makeUser(db, 'lead@example.org', 'Lena Lead')
    const client = await signedIn(app, 'lead@example.org')
    const res = await client.post('/projects', {
      name: '  Commissioning review ',
      description: 'What helps?',
    })
    expect(res.status).toBe(303)
    const location = res.headers.get('location')!
    expect(location).toMatch(/^\/projects\/\d+$/)
    const [member] = await db.orm.select().from(projectMembers)
    expect(member).toMatchObject({ userId: user.id, role: 'lead' })
    const home = await client.get(location)
    const html = await home.text()
    expect(html).toContain('Commissioning review')
    expect(html).toContain('Project “Commissioning review” created')
    const list = await (await client.get('/projects')).text()
    expect(list).toContain(`href="${location}"`)
    const events = await db.orm.select().from(auditEvents)
    expect(events.map((e) => e.action)).toEqual(['project.create'])
  })

  it('re-renders the form with 422 when the name is missing', async () => {
    const { app, db } = await testApp()
    await makeUser(db, 'lead@example.org')
    const client = await signedIn(app, 'lead@example.org')
    const res = await client.post('/projects', { name: '   ' })
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('Name is required.')
  })

  it('shows an empty state to someone with no projects', async () => {
    const { app, db } = await testApp()
    await makeUser(db, 'new@example.org')
    const client = await signedIn(app, 'new@example.org')
    expect(await (await client.get('/projects')).text()).toContain('You are not in any project yet')
  })
})

describe('members', () => {
  async function setup() {
    const ctx = await testApp()
    const lead = await makeUser(ctx.db, 'lead@example.org', 'Lena Lead')
    const rev = await makeUser(ctx.db, 'rev@example.org', 'Rex Reviewer')
    const project = await makeProject(ctx.db, lead.id)
    const client = await signedIn(ctx.app, 'lead@example.org')
    const base = `/projects/${project.id}/members`
    return { ...ctx, lead, rev, project, client, base }
  }

  it('lets the lead add a member by email with a role', async () => {
    const { client, base, db } = await setup()
    const res = await client.post(base, { email: 'REV@example.org', role: 'reviewer' })
    expect(res.status).toBe(303)
    const html = await (await client.get(base)).text()
    expect(html).toContain('Rex Reviewer')
    expect(html).toContain('rev@example.org added as reviewer.')
    expect(await db.orm.$count(projectMembers)).toBe(2)
  })

  it.each([
    [
      'an unknown email',
      { email: 'ghost@example.org', role: 'reviewer' },
      'No account uses ghost@example.org',
    ],
    ['a bad role', { email: 'rev@example.org', role: 'admin' }, 'Choose lead or reviewer.'],
    ['a malformed email', { email: 'rev', role: 'reviewer' }, 'Enter an email address'],
  ])('re-renders the form with 422 for %s', async (_, form, message) => {
    const { client, base, db } = await setup()
    const res = await client.post(base, form)
    expect(res.status).toBe(422)
    expect(await res.text()).toContain(message)
    expect(await db.orm.$count(projectMembers)).toBe(1)
  })

  it('says so when the person is already a member', async () => {
    const { client, base, db, project } = await setup()
    await addToProject(db, project.id, 'rev@example.org', 'reviewer')
    const res = await client.post(base, { email: 'rev@example.org', role: 'lead' })
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('Rex Reviewer is already a member')
  })

  it('changes roles and removes members, with an audit trail', async () => {
    const { client, base, db, project, rev } = await setup()
    await addToProject(db, project.id, 'rev@example.org', 'reviewer')
    expect((await client.post(`${base}/${rev.id}/role`, { role: 'lead' })).status).toBe(303)
    expect(await (await client.get(base)).text()).toContain('Role changed to lead.')
    expect((await client.post(`${base}/${rev.id}/remove`)).status).toBe(303)
    expect(await db.orm.$count(projectMembers)).toBe(1)
    const actions = (await db.orm.select().from(auditEvents)).map((e) => e.action)
    expect(actions).toEqual(['project.create', 'member.add', 'member.role', 'member.remove'])
  })

  it('never leaves a project without a lead', async () => {
    const { client, base, db, lead } = await setup()
    const demote = await client.post(`${base}/${lead.id}/role`, { role: 'reviewer' })
    expect(demote.status).toBe(303)
    expect(await (await client.get(base)).text()).toContain('A project needs at least one lead')
    const remove = await client.post(`${base}/${lead.id}/remove`)
    expect(remove.status).toBe(303)
    const [member] = await db.orm.select().from(projectMembers)
    expect(member?.role).toBe('lead')
  })

  it('answers 404 for a member id that is not in the project', async () => {
    const { client, base } = await setup()
    expect((await client.post(`${base}/424242/remove`)).status).toBe(404)
    expect((await client.post(`${base}/abc/role`, { role: 'lead' })).status).toBe(404)
  })

  it('shows reviewers the team without the lead controls', async () => {
    const { app, db, project, base } = await setup()
    await addToProject(db, project.id, 'rev@example.org', 'reviewer')
    const reviewer = await signedIn(app, 'rev@example.org')
    const html = await (await reviewer.get(base)).text()
    expect(html).toContain('Lena Lead')
    expect(html).not.toContain('Add a member')
    expect(html).not.toContain('/remove')
  })
})

describe('project overview', () => {
  it('shows where the records stand, from the same counts as PRISMA', async () => {
    const { app, db, jobs } = await testApp()
    const lead = await makeUser(db, 'lead@example.org')
    const project = await makeProject(db, lead.id)
    const client = await signedIn(app, 'lead@example.org')
    const empty = await (await client.get(`/projects/${project.id}`)).text()
    expect(empty).toContain('Start by importing your search results')
    const { risFile, distinctRecords } = await import('../helpers/ris.ts')
    const shared = distinctRecords(4, 'Overview')
    await client.upload(`/projects/${project.id}/imports`, { source: 'Scopus', kind: 'database' }, [
      { name: 'a.ris', content: risFile(shared) },
    ])
    await jobs.idle()
    await client.upload(`/projects/${project.id}/imports`, { source: 'PubMed', kind: 'database' }, [
      { name: 'b.ris', content: risFile(shared.slice(0, 1)) },
    ])
    await jobs.idle()
    const html = await (await client.get(`/projects/${project.id}`)).text()
    expect(html).toMatch(/<h2>Identified<\/h2><p class="big">5<\/p>/)
    expect(html).toContain('Scopus 4 · PubMed 1')
    expect(html).toContain('1 duplicate removed')
    expect(html).toContain('0<span class="of"> of 4 decided')
    expect(html).toContain('0 conflicts · 4 waiting')
    expect(html).toContain('Screen: 4 records waiting for you')
  })
})
