import { describe, expect, it } from 'vitest'
import { records } from '../../src/db/schema.ts'
import { reviewTeam } from '../helpers/team.ts'
import { distinctRecords, risFile } from '../helpers/ris.ts'

async function setup(n: number) {
  const team = await reviewTeam()
  await team.upload('Scopus', risFile(distinctRecords(n, 'Agreed')))
  const ids = await team.recordIds()
  const vote = async (client: typeof team.a, recordId: number, decision: string, note = '') => {
    const res = await team.vote(client, recordId, decision, { note })
    expect(res.status).toBe(303)
  }
  return { ...team, ids, vote }
}

/**
 * 12 records. Ann and Bob both screen the first 10; the known 2×2 table, Ann's votes in rows:
 *
 *                 Bob passes   Bob excludes
 *   Ann passes        4             2          6
 *   Ann excludes      1             3          4
 *                     5             5         10
 *
 * pₒ = 7/10 = 0.7; pₑ = 0.6·0.5 + 0.4·0.5 = 0.5; κ = (0.7 − 0.5) / (1 − 0.5) = 0.4.
 * Ann alone votes on record 11 (pending, blind); record 12 has no vote.
 */
async function crafted() {
  const s = await setup(12)
  const pairs: [string, string][] = [
    ['include', 'include'],
    ['include', 'maybe'], // maybe passes like include
    ['maybe', 'maybe'],
    ['include', 'include'],
    ['include', 'exclude'],
    ['maybe', 'exclude'],
    ['exclude', 'include'],
    ['exclude', 'exclude'],
    ['exclude', 'exclude'],
    ['exclude', 'exclude'],
  ]
  for (const [i, [x, y]] of pairs.entries()) {
    await s.vote(s.a, s.ids[i]!, x)
    await s.vote(s.b, s.ids[i]!, y)
  }
  await s.vote(s.a, s.ids[10]!, 'include', 'PENDING-SECRET-NOTE')
  return s
}

describe('agreement.json', () => {
  it('gives the hand-checked agreement and kappa for a known 2×2 table', async () => {
    const { a, base, ann, bob } = await crafted()
    const res = await a.get(`${base}/agreement.json`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('application/json')
    expect(await res.json()).toEqual({
      pairs: [{ reviewers: [ann.id, bob.id], both_screened: 10, agreement: 0.7, kappa: 0.4 }],
    })
  })

  it('gives kappa null when every shared record is on one side', async () => {
    const s = await setup(3)
    for (const id of s.ids) {
      await s.vote(s.a, id, 'exclude')
      await s.vote(s.b, id, 'exclude')
    }
    expect(await (await s.b.get(`${s.base}/agreement.json`)).json()).toEqual({
      pairs: [{ reviewers: [s.ann.id, s.bob.id], both_screened: 3, agreement: 1, kappa: null }],
    })
    const html = await (await s.b.get(`${s.base}/agreement`)).text()
    expect(html).toContain('title="κ is undefined for this pair: see below">')
    expect(html).toContain('κ is undefined when both reviewers put every record they share')
  })

  it('counts a resolved conflict with the votes that made it, and a changed vote by its latest', async () => {
    const s = await setup(2)
    await s.vote(s.a, s.ids[0]!, 'include')
    await s.vote(s.b, s.ids[0]!, 'exclude')
    await s.leadClient.post(`${s.base}/records/${s.ids[0]}/resolution`, {
      stage: 'title_abstract',
      decision: 'include',
    })
    await s.vote(s.a, s.ids[1]!, 'include')
    await s.vote(s.a, s.ids[1]!, 'exclude') // changed before Bob voted
    await s.vote(s.b, s.ids[1]!, 'exclude')
    const json = await (await s.a.get(`${s.base}/agreement.json`)).json()
    // One disagreement (record 1), one agreement on exclude (record 2): κ = 0.
    expect(json).toEqual({
      pairs: [{ reviewers: [s.ann.id, s.bob.id], both_screened: 2, agreement: 0.5, kappa: 0 }],
    })
  })

  it('has no pairs before two reviewers share a decided record', async () => {
    const s = await setup(2)
    await s.vote(s.a, s.ids[0]!, 'include')
    expect(await (await s.a.get(`${s.base}/agreement.json`)).json()).toEqual({ pairs: [] })
    const html = await (await s.a.get(`${s.base}/agreement`)).text()
    expect(html).toContain('No two reviewers have decided the same record yet')
  })
})

describe('the agreement page', () => {
  it('names the pair, shows the numbers and each member’s progress', async () => {
    const { b, base } = await crafted()
    const res = await b.get(`${base}/agreement`)
    expect(res.status).toBe(200)
    const html = await res.text()
    const pairs = html.slice(html.indexOf('id="agreement-pairs"'), html.indexOf('</table>'))
    expect(pairs).toContain('Ann Assistant &amp; Bob Second')
    expect(pairs).toContain('70 %')
    expect(pairs).toContain('0.40 <span class="meta">fair</span>')
    expect(pairs).toContain('Agree: 4 pass, 3 excluded')
    expect(pairs).toContain('Differ: only Ann Assistant passes 2, only Bob Second passes 1')
    const progress = html.slice(html.indexOf('id="reviewer-progress"'))
    const row = (name: string) => progress.slice(progress.indexOf(name)).split('</tr>')[0]!
    // Ann: 11 standing votes, 1 record waiting for her (record 12); Bob 10, waiting 2.
    expect(row('Ann Assistant')).toContain('11 of 12 records')
    expect(row('Ann Assistant')).toMatch(/<td class="num">1<\/td>/)
    expect(row('Bob Second')).toContain('10 of 12 records')
    expect(row('Bob Second')).toMatch(/<td class="num">2<\/td>/)
    expect(row('Lena Lead')).toContain('0 of 12 records')
    expect(row('Lena Lead')).toMatch(/<td class="num">2<\/td>/)
  })

  it('shows no record and no vote: only totals', async () => {
    const { a, b, leadClient, base, db } = await crafted()
    const rows = await db.orm.select().from(records)
    for (const client of [a, b, leadClient]) {
      for (const path of [`${base}/agreement`, `${base}/agreement.json`]) {
        const text = await (await client.get(path)).text()
        expect(text).not.toContain('PENDING-SECRET-NOTE')
        for (const r of rows) expect(text, path).not.toContain(r.title!)
        expect(text).not.toMatch(/record[s]?\/\d+/)
      }
    }
  })

  it('offers the decisions export to leads only', async () => {
    const { a, leadClient, base } = await crafted()
    const link = `${base}/export/decisions.csv`
    expect(await (await leadClient.get(`${base}/agreement`)).text()).toContain(link)
    expect(await (await a.get(`${base}/agreement`)).text()).not.toContain(link)
  })
})
