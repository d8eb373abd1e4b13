import { describe, expect, it } from 'vitest'
import type { Prisma } from '../../src/domain/prisma.ts'
import { prismaSvg } from '../../src/domain/prisma-svg.ts'
import { Client, makeUser, signedIn } from '../helpers/app.ts'
import { distinctRecords, risFile } from '../helpers/ris.ts'
import { assertWellFormed, boxLines } from '../helpers/svg.ts'
import { reviewTeam } from '../helpers/team.ts'

/**
 * Five Scopus records and a register with one of them again: Ann and Bob include record 1,
 * exclude record 2, split on record 3 (a conflict); Ann alone includes record 4.
 */
async function setup() {
  const team = await reviewTeam()
  const rs = distinctRecords(5, 'Flow')
  await team.upload('Scopus', risFile(rs))
  await team.upload('Trials <b>&</b>', risFile([rs[0]!, ...distinctRecords(1, 'Reg')]), 'register')
  const ids = await team.recordIds()
  for (const [i, x, y] of [
    [0, 'include', 'include'],
    [1, 'exclude', 'exclude'],
    [2, 'include', 'exclude'],
  ] as const) {
    expect((await team.vote(team.a, ids[i]!, x)).status).toBe(303)
    expect((await team.vote(team.b, ids[i]!, y)).status).toBe(303)
  }
  await team.vote(team.a, ids[3]!, 'include')
  const json = async (client: Client = team.a) =>
    (await (await client.get(`${team.base}/prisma.json`)).json()) as Prisma
  return { ...team, ids, json }
}

describe('GET /projects/:id/prisma.svg', () => {
  it('serves the diagram of the current counts as an inline SVG', async () => {
    const s = await setup()
    const res = await s.a.get(`${s.base}/prisma.svg`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-disposition')).toBe(
      `inline; filename="prisma-project-${s.project.id}.svg"`
    )
    expect(res.headers.get('cache-control')).toBe('no-store')
    const svg = await res.text()
    assertWellFormed(svg)
    const p = await s.json()
    expect(svg).toBe(prismaSvg(p, { title: s.project.name }))
    expect(boxLines(svg, 'records_identified')).toEqual([
      'Records identified from:',
      'Databases (n = 5)',
      'Scopus (n = 5)',
      'Registers (n = 2)',
      'Trials <b>&</b> (n = 2)',
    ])
    expect(svg).toContain('Trials &lt;b&gt;&amp;&lt;/b&gt; (n = 2)')
    expect(boxLines(svg, 'removed_before_screening')).toContain('Duplicate records removed (n = 1)')
    expect(boxLines(svg, 'records_screened')).toEqual(['Records screened (n = 6)'])
    expect(boxLines(svg, 'records_excluded')).toEqual(['Records excluded (n = 1)'])
    expect(boxLines(svg, 'reports_sought')).toEqual(['Reports sought for retrieval (n = 1)'])
    expect(p.pending).toEqual({ title_abstract: 4, conflicts: 1, full_text: 1 })
    expect(svg).toContain('4 records awaiting title/abstract decisions and 1 report')
  })

  it('follows the votes: a resolution shows up at once', async () => {
    const s = await setup()
    await s.leadClient.post(`${s.base}/records/${s.ids[2]}/resolution`, {
      stage: 'title_abstract',
      decision: 'exclude',
    })
    const svg = await (await s.b.get(`${s.base}/prisma.svg`)).text()
    expect(boxLines(svg, 'records_excluded')).toEqual(['Records excluded (n = 2)'])
  })
})

describe('GET /projects/:id/prisma', () => {
  it('shows the PRISMA tab with the diagram, the downloads and the numbers as a table', async () => {
    const s = await setup()
    const res = await s.b.get(`${s.base}/prisma`)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain(`<a href="${s.base}/prisma" aria-current="page">PRISMA</a>`)
    expect(html).toMatch(
      new RegExp(`<img id="prisma-diagram" src="${s.base}/prisma\\.svg" width="960" height="\\d+"`)
    )
    for (const file of ['prisma.svg', 'prisma.json', 'prisma.csv']) {
      expect(html).toContain(`href="${s.base}/${file}"`)
    }
    expect(html).toContain('id="prisma-pending"')
    const table = html.slice(html.indexOf('id="prisma-counts"'), html.indexOf('</table>'))
    const row = (label: string) => {
      const m = new RegExp(`>${label}</th><td class="num">([\\d,]+)</td>`).exec(table)
      return m ? m[1] : undefined
    }
    expect(row('Scopus')).toBe('5')
    expect(row('Trials &lt;b&gt;&amp;&lt;/b&gt;')).toBe('2')
    expect(row('Duplicate records removed')).toBe('1')
    expect(row('Records screened')).toBe('6')
    expect(row('Records excluded')).toBe('1')
    expect(row('Reports sought for retrieval')).toBe('1')
    expect(row('Studies included in review')).toBe('0')
    expect(row('Records awaiting title/abstract decisions')).toBe('4')
    expect(row('of which in conflict between reviewers')).toBe('1')
    expect(html).not.toContain('<b>&</b>')
  })

  it('shows a new project its zero diagram with no work-in-progress note', async () => {
    const team = await reviewTeam()
    const html = await (await team.leadClient.get(`${team.base}/prisma`)).text()
    expect(html).not.toContain('id="prisma-pending"')
    expect(html).toMatch(/>Records screened<\/th><td class="num">0<\/td>/)
    const svg = await (await team.leadClient.get(`${team.base}/prisma.svg`)).text()
    assertWellFormed(svg)
    expect(boxLines(svg, 'records_screened')).toEqual(['Records screened (n = 0)'])
  })
})

describe('who may see it', () => {
  it.each(['prisma', 'prisma.svg'])('%s: every member, no outsider, no stranger', async (path) => {
    const s = await setup()
    for (const client of [s.leadClient, s.a, s.b]) {
      expect((await client.get(`${s.base}/${path}`)).status).toBe(200)
    }
    await makeUser(s.db, 'out@example.org', 'Olly Outsider')
    const outsider = await signedIn(s.app, 'out@example.org')
    const refused = await outsider.get(`${s.base}/${path}`)
    expect(refused.status).toBe(404)
    expect(await refused.text()).not.toContain('Scopus')
    const stranger = await new Client(s.app).get(`${s.base}/${path}`)
    expect(stranger.status).toBe(303)
    expect(stranger.headers.get('location')).toMatch(/^\/login/)
  })
})
