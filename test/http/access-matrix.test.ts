import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { records } from '../../src/db/schema.ts'
import { risFile } from '../helpers/ris.ts'
import {
  addToProject,
  Client,
  makeProject,
  makeUser,
  signedIn,
  testApp,
  type TestContext,
} from '../helpers/app.ts'

/**
 * Every project route × every kind of caller. One middleware (access) decides; this table
 * proves it for each route. New project routes belong in this table.
 */
type Who = 'anonymous' | 'outsider' | 'reviewer' | 'lead'
type Expect = Record<Who, number>

interface Route {
  method: 'GET' | 'POST'
  path: (ids: Ids) => string
  form?: (ids: Ids) => Record<string, string>
  expect: Expect
}
interface Ids {
  project: number
  reviewer: number
  spare: number
  /** An import to look at, one to remove, and a record. */
  import: number
  removable: number
  record: number
  /** A record at full text. */
  fullText: number
}

const page: Expect = { anonymous: 303, outsider: 404, reviewer: 200, lead: 200 }
const leadPage: Expect = { anonymous: 303, outsider: 404, reviewer: 403, lead: 200 }
const leadPost: Expect = { anonymous: 401, outsider: 404, reviewer: 403, lead: 303 }
const memberPost: Expect = { anonymous: 401, outsider: 404, reviewer: 303, lead: 303 }

const ROUTES: Route[] = [
  { method: 'GET', path: (i) => `/projects/${i.project}`, expect: page },
  { method: 'GET', path: (i) => `/projects/${i.project}/members`, expect: page },
  {
    method: 'POST',
    path: (i) => `/projects/${i.project}/members`,
    form: () => ({ email: 'newcomer@example.org', role: 'reviewer' }),
    expect: leadPost,
  },
  {
    method: 'POST',
    path: (i) => `/projects/${i.project}/members/${i.reviewer}/role`,
    form: () => ({ role: 'reviewer' }),
    expect: leadPost,
  },
  {
    method: 'POST',
    path: (i) => `/projects/${i.project}/members/${i.spare}/remove`,
    expect: leadPost,
  },
  { method: 'GET', path: (i) => `/projects/${i.project}/imports`, expect: page },
  {
    // A urlencoded post is not an upload: the lead is told so (422), others never get that far.
    method: 'POST',
    path: (i) => `/projects/${i.project}/imports`,
    form: () => ({ source: 'Scopus' }),
    expect: { ...leadPost, lead: 422 },
  },
  { method: 'GET', path: (i) => `/projects/${i.project}/imports/${i.import}`, expect: page },
  {
    method: 'POST',
    path: (i) => `/projects/${i.project}/imports/${i.removable}/delete`,
    expect: leadPost,
  },
  { method: 'GET', path: (i) => `/projects/${i.project}/records`, expect: page },
  { method: 'GET', path: (i) => `/projects/${i.project}/records/${i.record}`, expect: page },
  { method: 'GET', path: (i) => `/projects/${i.project}/duplicates`, expect: leadPage },
  {
    method: 'POST',
    path: (i) => `/projects/${i.project}/duplicates/merge`,
    form: () => ({ keep: 'x', duplicate: 'y' }),
    expect: { ...leadPost, lead: 422 },
  },
  {
    method: 'POST',
    path: (i) => `/projects/${i.project}/duplicates/${i.record}/split`,
    expect: leadPost,
  },
  { method: 'GET', path: (i) => `/projects/${i.project}/screen`, expect: page },
  {
    method: 'POST',
    path: (i) => `/projects/${i.project}/records/${i.record}/decisions`,
    form: () => ({ stage: 'title_abstract', decision: 'maybe' }),
    expect: memberPost,
  },
  { method: 'POST', path: (i) => `/projects/${i.project}/screen/undo`, expect: memberPost },
  { method: 'GET', path: (i) => `/projects/${i.project}/settings`, expect: leadPage },
  { method: 'GET', path: (i) => `/projects/${i.project}/audit`, expect: leadPage },
  {
    method: 'POST',
    path: (i) => `/projects/${i.project}/settings/terms`,
    form: () => ({ include: 'evidence', exclude: 'mice' }),
    expect: leadPost,
  },
  { method: 'POST', path: (i) => `/projects/${i.project}/settings/resolvers`, expect: leadPost },
  {
    method: 'POST',
    path: (i) => `/projects/${i.project}/settings/criteria`,
    form: () => ({ name_0: 'Population', text_0: 'Local authority staff' }),
    expect: leadPost,
  },
  { method: 'GET', path: (i) => `/projects/${i.project}/conflicts`, expect: page },
  {
    // The record is not in conflict: the lead is told so (409); nobody else gets that far.
    method: 'POST',
    path: (i) => `/projects/${i.project}/records/${i.record}/resolution`,
    form: () => ({ stage: 'title_abstract', decision: 'include' }),
    expect: { ...leadPost, lead: 409 },
  },
  { method: 'GET', path: (i) => `/projects/${i.project}/agreement`, expect: page },
  { method: 'GET', path: (i) => `/projects/${i.project}/agreement.json`, expect: page },
  { method: 'GET', path: (i) => `/projects/${i.project}/prisma.json`, expect: page },
  { method: 'GET', path: (i) => `/projects/${i.project}/prisma`, expect: page },
  { method: 'GET', path: (i) => `/projects/${i.project}/prisma.svg`, expect: page },
  { method: 'GET', path: (i) => `/projects/${i.project}/prisma.csv`, expect: page },
  ...[
    'decisions.csv',
    'decisions.json',
    'included.csv',
    'included.ris',
    'included.json',
    'records.csv',
    'records.ris',
    'records.json',
  ].map((file): Route => ({
    method: 'GET',
    path: (i) => `/projects/${i.project}/export/${file}`,
    expect: leadPage,
  })),
  { method: 'GET', path: (i) => `/projects/${i.project}/fulltext`, expect: page },
  {
    method: 'GET',
    path: (i) => `/projects/${i.project}/fulltext/next`,
    expect: { ...page, reviewer: 303, lead: 303 },
  },
  { method: 'GET', path: (i) => `/projects/${i.project}/fulltext/${i.fullText}`, expect: page },
  {
    method: 'POST',
    path: (i) => `/projects/${i.project}/records/${i.fullText}/fulltext-link`,
    form: () => ({ url: 'https://doi.org/10.1/x' }),
    expect: memberPost,
  },
  {
    // Not an upload (urlencoded): members are sent back with a message.
    method: 'POST',
    path: (i) => `/projects/${i.project}/records/${i.fullText}/fulltext`,
    expect: memberPost,
  },
  {
    method: 'GET',
    path: (i) => `/projects/${i.project}/no-such-page`,
    expect: { anonymous: 303, outsider: 404, reviewer: 404, lead: 404 },
  },
]

const SECRET = 'Secret review of unicorns'

describe('access matrix: route × caller', () => {
  let ctx: TestContext
  let ids: Ids
  const clients = {} as Record<Who, Client>

  beforeAll(async () => {
    ctx = await testApp({}, 'file')
    const lead = await makeUser(ctx.db, 'lead@example.org')
    const reviewer = await makeUser(ctx.db, 'reviewer@example.org')
    const outsider = await makeUser(ctx.db, 'outsider@example.org')
    const spare = await makeUser(ctx.db, 'spare@example.org')
    await makeUser(ctx.db, 'newcomer@example.org')
    const project = await makeProject(ctx.db, lead.id, SECRET)
    await addToProject(ctx.db, project.id, reviewer.email, 'reviewer')
    // Each lead-only post acts on its own member, so the cases do not depend on their order.
    await addToProject(ctx.db, project.id, spare.email, 'reviewer')
    // The outsider leads a project of their own, to show that leading one gives nothing in another.
    await makeProject(ctx.db, outsider.id, 'Outsider project')
    clients.anonymous = new Client(ctx.app)
    clients.outsider = await signedIn(ctx.app, outsider.email)
    clients.reviewer = await signedIn(ctx.app, reviewer.email)
    clients.lead = await signedIn(ctx.app, lead.email)
    const upload = async (title: string) => {
      const res = await clients.lead.upload(
        `/projects/${project.id}/imports`,
        { source: 'Scopus', kind: 'database' },
        [
          {
            name: 'a.ris',
            content: risFile([
              { title: `${SECRET}: ${title} and a long enough title`, year: 2020 },
              { title: `${SECRET}: ${title}, the one that reaches full text`, year: 2021 },
            ]),
          },
        ]
      )
      await ctx.jobs.idle()
      return Number(res.headers.get('location')!.split('/').pop())
    }
    const imported = await upload('kept')
    const removable = await upload('removable one')
    const [record, passed] = await ctx.db.orm
      .select()
      .from(records)
      .where(eq(records.importId, imported))
      .orderBy(records.id)
    // Lead and reviewer both include the second record: it reaches full text.
    for (const who of [clients.lead, clients.reviewer]) {
      await who.post(`/projects/${project.id}/records/${passed!.id}/decisions`, {
        stage: 'title_abstract',
        decision: 'include',
      })
    }
    ids = {
      project: project.id,
      reviewer: reviewer.id,
      spare: spare.id,
      import: imported,
      removable,
      record: record!.id,
      fullText: passed!.id,
    }
  })

  const cases = ROUTES.flatMap((route) =>
    (Object.keys(route.expect) as Who[]).map((who) => ({ route, who }))
  )

  const placeholders: Ids = {
    fullText: 0,
    project: 0,
    reviewer: 0,
    spare: 0,
    import: 0,
    removable: 0,
    record: 0,
  }
  const label = (c: (typeof cases)[number]) =>
    `${c.route.method} ${c.route.path(placeholders).replace(/\b0\b/g, ':id')} as ${c.who}`
  it.each(cases.map((c) => [label(c), c] as const))('%s', async (_, { route, who }) => {
    const client = clients[who]
    const path = route.path(ids)
    const res =
      route.method === 'GET'
        ? await client.get(path)
        : await client.post(path, route.form?.(ids) ?? {})
    expect(res.status).toBe(route.expect[who])
    if (who === 'outsider' || who === 'anonymous') {
      expect(await res.text()).not.toContain(SECRET)
    }
  })

  it('answers 404 for a project that does not exist, and for a malformed id', async () => {
    for (const path of [
      '/projects/999999',
      '/projects/abc',
      '/projects/-1/members',
      '/projects/1e3',
    ]) {
      expect((await clients.lead.get(path)).status).toBe(404)
    }
  })

  it('lists only the projects a person belongs to', async () => {
    const html = await (await clients.outsider.get('/projects')).text()
    expect(html).toContain('Outsider project')
    expect(html).not.toContain(SECRET)
  })
})
