import { describe, expect, it } from 'vitest'
import { ftsQuery } from '../../src/queries/records.ts'
import { makeProject, makeUser, signedIn, testApp } from '../helpers/app.ts'
import { distinctRecords, risFile } from '../helpers/ris.ts'

async function withRecords() {
  const ctx = await testApp()
  const lead = await makeUser(ctx.db, 'lead@example.org')
  const project = await makeProject(ctx.db, lead.id)
  const client = await signedIn(ctx.app, 'lead@example.org')
  const upload = async (source: string, content: string) => {
    await client.upload(`/projects/${project.id}/imports`, { source, kind: 'database' }, [
      { name: `${source}.ris`, content },
    ])
    await ctx.jobs.idle()
  }
  await upload('Scopus', risFile(distinctRecords(120, 'Scopus study')))
  await upload(
    'PubMed',
    risFile([
      {
        title: 'Café culture and <b>commissioning</b>',
        authors: ['Ngozi, A.'],
        year: 2021,
        abstract: 'Children’s services decide.',
      },
      ...distinctRecords(2, 'Scopus study'),
    ])
  )
  return { ...ctx, client, base: `/projects/${project.id}/records` }
}

const titles = (html: string) =>
  [...html.matchAll(/<td><a href="\/projects\/\d+\/records\/\d+">([^<]*)</g)].map((m) => m[1])

describe('records page', () => {
  it('pages through every record, 50 at a time, forwards and back', async () => {
    const { client, base } = await withRecords()
    const first = await (await client.get(base)).text()
    expect(first).toContain('123 records')
    expect(titles(first)).toHaveLength(50)
    const next = /<a href="([^"]+)" rel="next"/.exec(first)![1]!.replaceAll('&amp;', '&')
    const second = await (await client.get(next)).text()
    expect(titles(second)).toHaveLength(50)
    expect(titles(second)[0]).not.toBe(titles(first)[0])
    const third = await (
      await client.get(/<a href="([^"]+)" rel="next"/.exec(second)![1]!.replaceAll('&amp;', '&'))
    ).text()
    expect(titles(third)).toHaveLength(23)
    expect(third).not.toContain('rel="next"')
    const back = await (
      await client.get(/<a href="([^"]+)" rel="prev"/.exec(third)![1]!.replaceAll('&amp;', '&'))
    ).text()
    expect(titles(back)).toEqual(titles(second))
  })

  it('finds records by words in the title, abstract or authors, ignoring accents', async () => {
    const { client, base } = await withRecords()
    for (const q of ['cafe', 'Ngozi', 'children’s', 'caf* commission*']) {
      const html = await (await client.get(`${base}?q=${encodeURIComponent(q)}`)).text()
      expect(titles(html), q).toContain('Café culture and &lt;b&gt;commissioning&lt;/b&gt;')
    }
    const none = await (
      await client.get(`${base}?q=${encodeURIComponent('"unbalanced AND (')}`)
    ).text()
    expect(none).toContain('No records match.')
  })

  it('filters by source and by duplicates', async () => {
    const { client, base } = await withRecords()
    const pubmed = await (await client.get(`${base}?source=PubMed`)).text()
    expect(pubmed).toContain('3 records')
    const dups = await (await client.get(`${base}?show=duplicates`)).text()
    expect(dups).toContain('2 records')
    expect(dups).toContain('Duplicate of')
    const kept = await (await client.get(`${base}?show=kept`)).text()
    expect(kept).toContain('121 records')
  })

  it('shows one record with every field, its provenance and its raw tags', async () => {
    const { client, base } = await withRecords()
    const list = await (await client.get(`${base}?q=cafe`)).text()
    const href = /<td><a href="(\/projects\/\d+\/records\/\d+)"/.exec(list)![1]!
    const html = await (await client.get(href)).text()
    expect(html).toContain('Children’s services decide.')
    expect(html).toContain('Ngozi, A.')
    expect(html).toContain('<code>PubMed.ris</code>, starting on line 1')
    expect(html).toContain('<code>TI</code>')
    expect(html).toContain('&lt;b&gt;commissioning&lt;/b&gt;')
    expect((await client.get(`${base}/99999`)).status).toBe(404)
    expect((await client.get(`${base}/abc`)).status).toBe(404)
  })
})

describe('ftsQuery', () => {
  it.each([
    ['evidence use', '"evidence" "use"'],
    ['child*', '"child"*'],
    ['"quoted" AND (x', '"quoted" "AND" "x"'],
    ['children’s follow-up', '"children" "s" "follow" "up"'],
    ['   ', null],
    ['***', null],
  ])('turns %j into %j', (input, expected) => {
    expect(ftsQuery(input)).toBe(expected)
  })
})
