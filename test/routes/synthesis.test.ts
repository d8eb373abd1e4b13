import { and, eq } from 'drizzle-orm'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import {
  findings,
  projects,
  recordStages,
  studyFields,
  studyValues,
  themes,
  toolkitFindings,
} from '../../src/db/schema.ts'
import { distinctRecords, risFile } from '../helpers/ris.ts'
import { reviewTeam } from '../helpers/team.ts'
import { cli } from '../helpers/cli.ts'

/**
 * Three included studies (Author0 2000, Author1 2001, Author2 2002) and one excluded, with
 * findings written straight into the tables (the extraction pages have their own tests).
 */
async function setup() {
  const team = await reviewTeam()
  await team.db.write((tx) =>
    tx.update(projects).set({ fullTextMode: 'single' }).where(eq(projects.id, team.project.id))
  )
  await team.upload('Scopus', risFile(distinctRecords(4, 'Synth')))
  const ids = await team.recordIds()
  for (const id of ids) {
    await team.vote(team.a, id, 'include')
    await team.vote(team.b, id, 'include')
  }
  for (const id of ids.slice(0, 3)) {
    await team.a.post(`${team.base}/records/${id}/decisions`, {
      stage: 'full_text',
      decision: 'include',
    })
  }
  const included = await team.db.orm
    .select()
    .from(recordStages)
    .where(and(eq(recordStages.stage, 'full_text'), eq(recordStages.status, 'included')))
  expect(included).toHaveLength(3)
  const [s1, s2, s3, excluded] = ids as [number, number, number, number]
  const p = team.project.id
  const now = 1
  const [leadership, data, councillors] = await team.db.write((tx) =>
    tx
      .insert(themes)
      .values([
        { projectId: p, name: 'Leadership support', origin: 'deductive', createdAt: now },
        { projectId: p, name: 'Access to data', origin: 'deductive', createdAt: now },
        {
          projectId: p,
          name: '<b>Councillors</b> & politics',
          origin: 'inductive',
          createdAt: now,
        },
      ])
      .returning()
  )
  const f = (
    recordId: number,
    themeId: number,
    kind: 'barrier' | 'enabler',
    comB: string,
    stakeholder: string,
    evidence: string,
    verified = true
  ) => ({
    projectId: p,
    recordId,
    kind,
    comB,
    level: 'organisational',
    stakeholder,
    themeId,
    evidence,
    page: '4',
    extractedBy: team.ann.id,
    createdAt: now,
    verifiedBy: verified ? team.bob.id : null,
    verifiedAt: verified ? now : null,
  })
  await team.db.write((tx) =>
    tx
      .insert(findings)
      .values([
        f(
          s1,
          leadership!.id,
          'barrier',
          'opportunity_social',
          'commissioner',
          'No senior sponsor for evidence use.'
        ),
        f(
          s1,
          leadership!.id,
          'barrier',
          'opportunity_social',
          'commissioner',
          'Directors changed every year.'
        ),
        f(
          s2,
          leadership!.id,
          'barrier',
          'opportunity_social',
          'practitioner',
          'Managers did not ask for evidence.'
        ),
        f(
          s3,
          data!.id,
          'enabler',
          'capability_psychological',
          'commissioner',
          '=HYPERLINK("x") trained analysts helped.',
          false
        ),
        f(
          s1,
          councillors!.id,
          'barrier',
          'motivation_reflective',
          'director',
          'Members wanted quick wins.'
        ),
        f(
          excluded,
          data!.id,
          'barrier',
          'capability_physical',
          'commissioner',
          'Should never count: not included.'
        ),
      ])
  )
  await team.db.write((tx) =>
    tx.insert(toolkitFindings).values([
      {
        projectId: p,
        recordId: s1,
        toolkit: 'EIF Guidebook',
        aspect: 'usability',
        finding: 'Easy to search',
        direction: 'positive',
        extractedBy: team.ann.id,
        createdAt: now,
      },
      {
        projectId: p,
        recordId: s2,
        toolkit: 'eif guidebook',
        aspect: 'usability',
        finding: 'Hard to apply',
        direction: 'negative',
        extractedBy: team.ann.id,
        createdAt: now,
      },
    ])
  )
  const [setting] = await team.db.orm
    .select()
    .from(studyFields)
    .where(and(eq(studyFields.projectId, p), eq(studyFields.role, 'setting')))
  if (setting) {
    await team.db.write((tx) =>
      tx.insert(studyValues).values([
        { recordId: s1, fieldId: setting.id, value: JSON.stringify(['Health']), updatedAt: now },
        { recordId: s2, fieldId: setting.id, value: JSON.stringify(['Education']), updatedAt: now },
      ])
    )
  }
  return {
    ...team,
    ids,
    themeIds: { leadership: leadership!.id, data: data!.id, councillors: councillors!.id },
    hasSetting: Boolean(setting),
  }
}

describe('synthesis page', () => {
  it('counts distinct included studies per theme and COM-B component, with references', async () => {
    const { leadClient, base } = await setup()
    const html = await (await leadClient.get(`${base}/synthesis`)).text()
    // Leadership × social opportunity: three barrier rows from two studies.
    expect(html).toMatch(/<strong>2<\/strong><span class="refs">Author0 2000; Author1 2001<\/span>/)
    expect(html).toContain('Barriers · 2 studies')
    expect(html).toContain('Enablers · 1 study')
    expect(html).not.toContain('Should never count')
    expect(html).toContain('&lt;b&gt;Councillors&lt;/b&gt; &amp; politics')
    expect(html).toContain('<img src="/projects/')
  })

  it('filters by stakeholder, level and verification', async () => {
    const { leadClient, base } = await setup()
    const commissioners = await (
      await leadClient.get(`${base}/synthesis?stakeholder=commissioner`)
    ).text()
    expect(commissioners).toMatch(/<strong>1<\/strong><span class="refs">Author0 2000<\/span>/)
    expect(commissioners).toContain('Filtered to stakeholder: Commissioner.')
    const verified = await (await leadClient.get(`${base}/synthesis?verified=1`)).text()
    expect(verified).toContain('Enablers · 0 studies')
    const bogus = await (
      await leadClient.get(`${base}/synthesis?stakeholder=hacker&level=%3Cscript%3E`)
    ).text()
    expect(bogus).not.toContain('Filtered to')
  })

  it('filters by setting, a study characteristic', async () => {
    const { leadClient, base, hasSetting } = await setup()
    expect(hasSetting).toBe(true)
    const health = await (await leadClient.get(`${base}/synthesis?setting=Health`)).text()
    expect(health).toMatch(/<strong>1<\/strong><span class="refs">Author0 2000<\/span>/)
  })

  it('opens the evidence behind a cell', async () => {
    const { leadClient, base, themeIds } = await setup()
    const html = await (
      await leadClient.get(
        `${base}/synthesis/evidence?kind=barrier&theme=${themeIds.leadership}&comb=opportunity_social`
      )
    ).text()
    expect(html).toContain('No senior sponsor for evidence use.')
    expect(html).toContain('Directors changed every year.')
    expect(html).toContain('Managers did not ask for evidence.')
    expect(html).not.toContain('Members wanted quick wins.')
    expect(
      (
        await leadClient.get(
          `${base}/synthesis/evidence?kind=barrier&theme=99999&comb=opportunity_social`
        )
      ).status
    ).toBe(404)
  })

  it('draws the heat map and exports the tables, the Markdown and every finding', async () => {
    const { leadClient, base, a } = await setup()
    const svg = await leadClient.get(`${base}/synthesis/heatmap.svg`)
    expect(svg.headers.get('content-type')).toContain('image/svg+xml')
    expect(await svg.text()).toContain('&lt;b&gt;Councillors')
    const csv = parse(await (await leadClient.get(`${base}/synthesis.csv`)).text()) as string[][]
    expect(csv[0]).toEqual([
      'Kind',
      'Theme',
      'Theme origin',
      'COM-B component',
      'Studies',
      'References',
    ])
    expect(csv).toContainEqual([
      'Barrier',
      'Leadership support',
      'deductive',
      'Social opportunity',
      '2',
      'Author0 2000; Author1 2001',
    ])
    const md = await (await leadClient.get(`${base}/synthesis.md`)).text()
    expect(md).toContain('| Leadership support |')
    const all = parse(
      await (await a.get(`/projects/${base.split('/')[2]}/findings.csv`)).text()
    ) as string[][]
    expect(all).toHaveLength(1 + 5)
    expect(all.flat()).toContain(`'=HYPERLINK("x") trained analysts helped.`)
    const tk = parse(
      await (await leadClient.get(`/projects/${base.split('/')[2]}/synthesis-toolkits.csv`)).text()
    ) as string[][]
    expect(tk).toContainEqual([
      'EIF Guidebook',
      'Usability',
      '2',
      '1',
      '1',
      '0',
      'Author0 2000; Author1 2001',
    ])
  })

  it('prints the same with winnow export', async () => {
    const { url, dir, project } = await setup()
    const env = { DATABASE_URL: url, DATA_DIR: dir }
    const md = await cli(
      ['export', '--project', String(project.id), '--what', 'synthesis', '--format', 'md'],
      env
    )
    expect(md.code).toBe(0)
    expect(md.stdout).toContain('| Leadership support |')
    const findingsCsv = await cli(
      ['export', '--project', String(project.id), '--what', 'findings', '--format', 'csv'],
      env
    )
    expect(findingsCsv.stdout.split('\n').filter(Boolean)).toHaveLength(6)
  })
})
