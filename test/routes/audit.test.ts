import { describe, expect, it } from 'vitest'
import { AUDIT_PAGE } from '../../src/queries/audit-log.ts'
import { distinctRecords, risFile } from '../helpers/ris.ts'
import { reviewTeam } from '../helpers/team.ts'

describe('audit page', () => {
  it('lists every vote, change, undo, resolution, duplicate change and setting, newest first', async () => {
    const team = await reviewTeam()
    const { a, b, leadClient, base, vote, clock } = team
    const tick = () => (clock.now += 1000)
    await team.upload('Scopus', risFile(distinctRecords(3, 'Audited')))
    tick()
    const [r1, r2] = await team.recordIds()
    await vote(a, r1!, 'include', { note: 'fits the population' })
    tick()
    await vote(a, r1!, 'exclude')
    tick()
    await vote(b, r1!, 'include')
    tick()
    await a.post(`${base}/screen/undo`)
    tick()
    await vote(a, r2!, 'exclude')
    await vote(b, r2!, 'include')
    tick()
    await leadClient.post(`${base}/records/${r2}/resolution`, {
      stage: 'title_abstract',
      decision: 'include',
      note: 'agreed',
    })
    tick()
    await leadClient.post(`${base}/settings/terms`, { include: 'evidence', exclude: 'mice' })
    const html = await (await leadClient.get(`${base}/audit`)).text()
    const order = [
      'set the highlight terms: include evidence; exclude mice',
      `resolved record ${r2} at title/abstract: include`,
      `voted include on record ${r2} at title/abstract`,
      `voted exclude on record ${r2} at title/abstract`,
      `undid their vote on record ${r1} (title/abstract)`,
      `voted include on record ${r1} at title/abstract`,
      `voted exclude on record ${r1} at title/abstract`,
      'Note: fits the population',
      'imported 3 records from Scopus (0 duplicates)',
      'created the project',
    ]
    let at = -1
    for (const text of order) {
      const found = html.indexOf(text, at + 1)
      expect(found, text).toBeGreaterThan(at)
      at = found
    }
    expect(html).toContain('Ann Assistant')
    const onlyVotes = await (await leadClient.get(`${base}/audit?kind=decisions`)).text()
    expect(onlyVotes).not.toContain('set the highlight terms')
    expect(onlyVotes).toContain(`undid their vote on record ${r1}`)
    const onlySettings = await (await leadClient.get(`${base}/audit?kind=settings`)).text()
    expect(onlySettings).toContain('set the highlight terms')
    expect(onlySettings).not.toContain('voted')
  })

  it('pages through long histories without losing or repeating a row', async () => {
    const team = await reviewTeam()
    await team.upload('Scopus', risFile(distinctRecords(AUDIT_PAGE + 20, 'Many')))
    const ids = await team.recordIds()
    for (const id of ids) await team.vote(team.a, id, 'include')
    const seen: string[] = []
    let url: string | undefined = `${team.base}/audit?kind=decisions`
    while (url) {
      const html = await (await team.leadClient.get(url)).text()
      seen.push(...[...html.matchAll(/voted include on record (\d+)/g)].map((m) => m[1]!))
      url = /<a href="([^"]+)" rel="next"/.exec(html)?.[1]?.replaceAll('&amp;', '&')
    }
    expect(seen).toHaveLength(ids.length)
    expect(new Set(seen).size).toBe(ids.length)
  })

  it('is for the lead only, and escapes what people typed', async () => {
    const team = await reviewTeam()
    await team.upload('Scopus', risFile(distinctRecords(1, 'X')))
    const [r1] = await team.recordIds()
    await team.vote(team.a, r1!, 'include', { note: '<script>alert(1)</script>' })
    expect((await team.a.get(`${team.base}/audit`)).status).toBe(403)
    const html = await (await team.leadClient.get(`${team.base}/audit`)).text()
    expect(html).not.toContain('<script>alert')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })
})
