import { desc, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { findings, records, studyFields, themes, toolkitFindings } from '../../src/db/schema.ts'
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
  /** `who`: for actions that use something up (a deleted row), each caller gets their own. */
  path: (ids: Ids, who: Who) => string
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
  /** An included study, and rows of it extracted by the lead (one per caller, to delete). */
  study: number
  finding: Record<Who, number>
  toolkit: Record<Who, number>
  theme: number
  otherTheme: number
  field: number
}

const page: Expect = { anonymous: 303, outsider: 404, reviewer: 200, lead: 200 }
const leadPage: Expect = { anonymous: 303, outsider: 404, reviewer: 403, lead: 200 }
const leadPost: Expect = { anonymous: 401, outsider: 404, reviewer: 403, lead: 303 }
const memberPost: Expect = { anonymous: 401, outsider: 404, reviewer: 303, lead: 303 }
const memberInvalid: Expect = { anonymous: 401, outsider: 404, reviewer: 422, lead: 422 }

const FINDING = {
  kind: 'barrier',
  comB: 'opportunity_social',
  level: 'organisational',
  stakeholder: 'commissioner',
  theme: 'Leadership support',
  evidence: 'Managers did not ask for evidence.',
  page: '4',
}
const TOOLKIT = {
  toolkit: 'Commissioning toolkit',
  aspect: 'usability',
  direction: 'positive',
  finding: 'Staff found it easy to use.',
  design: 'Interviews',
}

const study = (i: Ids) => `/projects/${i.project}/extraction/${i.study}`
const EXTRACTION: Route[] = [
  { method: 'GET', path: (i) => `/projects/${i.project}/extraction`, expect: page },
  { method: 'GET', path: (i) => study(i), expect: page },
  {
    // A record that is not an included study has nothing to extract.
    method: 'GET',
    path: (i) => `/projects/${i.project}/extraction/${i.record}`,
    expect: { anonymous: 303, outsider: 404, reviewer: 404, lead: 404 },
  },
  {
    method: 'POST',
    path: (i) => `${study(i)}/characteristics`,
    form: () => ({}),
    expect: memberPost,
  },
  { method: 'POST', path: (i) => `${study(i)}/findings`, form: () => FINDING, expect: memberPost },
  { method: 'POST', path: (i) => `${study(i)}/findings`, form: () => ({}), expect: memberInvalid },
  {
    method: 'POST',
    path: (i) => `${study(i)}/findings/${i.finding.lead}`,
    form: () => ({ ...FINDING, evidence: 'Edited evidence.' }),
    expect: memberPost,
  },
  {
    method: 'POST',
    path: (i, who) => `${study(i)}/findings/${i.finding[who]}/delete`,
    expect: memberPost,
  },
  {
    // The lead extracted it: the reviewer verifies; the lead is told they cannot (flash, 303).
    method: 'POST',
    path: (i) => `${study(i)}/findings/${i.finding.anonymous}/verify`,
    expect: memberPost,
  },
  {
    // Another project's row through this study's URL: not found, for everyone.
    method: 'POST',
    path: (i) => `${study(i)}/findings/999999/verify`,
    expect: { anonymous: 401, outsider: 404, reviewer: 404, lead: 404 },
  },
  { method: 'POST', path: (i) => `${study(i)}/toolkits`, form: () => TOOLKIT, expect: memberPost },
  {
    method: 'POST',
    path: (i) => `${study(i)}/toolkits/${i.toolkit.lead}`,
    form: () => ({ ...TOOLKIT, design: 'Survey' }),
    expect: memberPost,
  },
  {
    method: 'POST',
    path: (i, who) => `${study(i)}/toolkits/${i.toolkit[who]}/delete`,
    expect: memberPost,
  },
  {
    method: 'POST',
    path: (i) => `${study(i)}/toolkits/${i.toolkit.anonymous}/verify`,
    expect: memberPost,
  },
  { method: 'GET', path: (i) => `/projects/${i.project}/extraction/themes`, expect: page },
  {
    method: 'POST',
    path: (i) => `/projects/${i.project}/extraction/themes`,
    form: () => ({ names: 'Trust in data' }),
    expect: leadPost,
  },
  {
    method: 'POST',
    path: (i) => `/projects/${i.project}/extraction/themes/${i.theme}/rename`,
    form: () => ({ name: 'Leadership and support' }),
    expect: leadPost,
  },
  {
    method: 'POST',
    path: (i) => `/projects/${i.project}/extraction/themes/${i.otherTheme}/merge`,
    form: (i) => ({ into: String(i.theme) }),
    expect: leadPost,
  },
  { method: 'GET', path: (i) => `/projects/${i.project}/extraction/fields`, expect: leadPage },
  {
    method: 'POST',
    path: (i) => `/projects/${i.project}/extraction/fields`,
    form: () => ({ label: 'Funding', kind: 'text' }),
    expect: leadPost,
  },
  {
    method: 'POST',
    path: (i) => `/projects/${i.project}/extraction/fields/${i.field}`,
    form: () => ({ label: 'Country or countries' }),
    expect: leadPost,
  },
  {
    method: 'POST',
    path: (i) => `/projects/${i.project}/extraction/fields/${i.field}/move`,
    form: () => ({ direction: 'down' }),
    expect: leadPost,
  },
  {
    method: 'POST',
    path: (i) => `/projects/${i.project}/extraction/fields/${i.field}/retire`,
    expect: leadPost,
  },
  {
    method: 'POST',
    path: (i) => `/projects/${i.project}/extraction/fields/${i.field}/restore`,
    expect: leadPost,
  },
  ...[
    'synthesis',
    'synthesis/heatmap.svg',
    'synthesis.csv',
    'synthesis.md',
    'synthesis-toolkits.csv',
    'findings.csv',
  ].map((file): Route => ({
    method: 'GET',
    path: (i) => `/projects/${i.project}/${file}`,
    expect: page,
  })),
  {
    method: 'GET',
    path: (i) =>
      `/projects/${i.project}/synthesis/evidence?kind=barrier&comb=opportunity_social&theme=${i.theme}`,
    expect: page,
  },
]

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
    path: (i) => `/projects/${i.project}/settings/mode`,
    form: () => ({
      screeningMode: 'dual',
      calibrationPercent: '20',
      kappaThreshold: '0.6',
      fullTextMode: 'dual',
    }),
    expect: leadPost,
  },
  {
    // An empty form changes nothing: reasons missing from a form keep their label and state.
    method: 'POST',
    path: (i) => `/projects/${i.project}/settings/reasons`,
    expect: leadPost,
  },
  {
    method: 'POST',
    path: (i) => `/projects/${i.project}/settings/ranking`,
    form: () => ({ ranking: 'on' }),
    expect: leadPost,
  },
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
    // No PDF was attached to this record: nothing to show, to anyone.
    method: 'GET',
    path: (i) => `/projects/${i.project}/records/${i.fullText}/fulltext.pdf`,
    expect: { anonymous: 303, outsider: 404, reviewer: 404, lead: 404 },
  },
  {
    // Not an upload (urlencoded): members are sent back with a message.
    method: 'POST',
    path: (i) => `/projects/${i.project}/records/${i.fullText}/fulltext`,
    expect: memberPost,
  },
  ...EXTRACTION,
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
              { title: `${SECRET}: ${title}, the study that is included`, year: 2022 },
            ]),
          },
        ]
      )
      await ctx.jobs.idle()
      return Number(res.headers.get('location')!.split('/').pop())
    }
    const imported = await upload('kept')
    const removable = await upload('removable one')
    const [record, passed, included] = await ctx.db.orm
      .select()
      .from(records)
      .where(eq(records.importId, imported))
      .orderBy(records.id)
    // Lead and reviewer both include the second record: it reaches full text. The third
    // passes full text too: an included study to extract from.
    for (const [id, stage] of [
      [passed!.id, 'title_abstract'],
      [included!.id, 'title_abstract'],
      [included!.id, 'full_text'],
    ] as const) {
      for (const who of [clients.lead, clients.reviewer]) {
        const res = await who.post(`/projects/${project.id}/records/${id}/decisions`, {
          stage,
          decision: 'include',
        })
        expect(res.status).toBe(303)
      }
    }
    const base = `/projects/${project.id}/extraction/${included!.id}`
    const rowsOf = async (kind: 'findings' | 'toolkits', form: Record<string, string>) => {
      const made = {} as Record<Who, number>
      for (const who of ['anonymous', 'outsider', 'reviewer', 'lead'] as const) {
        const res = await clients.lead.post(`${base}/${kind}`, form)
        expect(res.status, await res.text()).toBe(303)
        const table = kind === 'findings' ? findings : toolkitFindings
        const [row] = await ctx.db.orm.select({ id: table.id }).from(table).orderBy(desc(table.id))
        made[who] = row!.id
      }
      return made
    }
    const finding = await rowsOf('findings', FINDING)
    const toolkit = await rowsOf('toolkits', TOOLKIT)
    await clients.lead.post(`/projects/${project.id}/extraction/themes`, {
      names: 'Access to data',
    })
    const [theme, otherTheme] = await ctx.db.orm
      .select({ id: themes.id })
      .from(themes)
      .where(eq(themes.projectId, project.id))
      .orderBy(themes.id)
    const [field] = await ctx.db.orm
      .select({ id: studyFields.id })
      .from(studyFields)
      .where(eq(studyFields.projectId, project.id))
      .orderBy(studyFields.id)
    ids = {
      project: project.id,
      reviewer: reviewer.id,
      spare: spare.id,
      import: imported,
      removable,
      record: record!.id,
      fullText: passed!.id,
      study: included!.id,
      finding,
      toolkit,
      theme: theme!.id,
      otherTheme: otherTheme!.id,
      field: field!.id,
    }
  })

  const cases = ROUTES.flatMap((route) =>
    (Object.keys(route.expect) as Who[]).map((who) => ({ route, who }))
  )

  const none = { anonymous: 0, outsider: 0, reviewer: 0, lead: 0 }
  const placeholders: Ids = {
    study: 0,
    finding: none,
    toolkit: none,
    theme: 0,
    otherTheme: 0,
    field: 0,
    fullText: 0,
    project: 0,
    reviewer: 0,
    spare: 0,
    import: 0,
    removable: 0,
    record: 0,
  }
  const label = (c: (typeof cases)[number]) =>
    `${c.route.method} ${c.route.path(placeholders, c.who).replace(/\b0\b/g, ':id')} as ${c.who}`
  it.each(cases.map((c) => [label(c), c] as const))('%s', async (_, { route, who }) => {
    const client = clients[who]
    const path = route.path(ids, who)
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
