import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { and, asc, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import {
  decisions,
  exclusionReasons,
  fullTexts,
  projects,
  recordStages,
} from '../../src/db/schema.ts'
import { prismaInvariants, type Prisma } from '../../src/domain/prisma.ts'
import { makeUser, signedIn } from '../helpers/app.ts'
import { distinctRecords, risFile } from '../helpers/ris.ts'
import { reviewTeam } from '../helpers/team.ts'

const PDF = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'

/** A team with n records, of which the first `atFullText` passed title/abstract. */
async function setup(n = 4, atFullText = 3, fullTextMode: 'single' | 'dual' = 'dual') {
  const team = await reviewTeam()
  await team.db.write((tx) =>
    tx.update(projects).set({ fullTextMode }).where(eq(projects.id, team.project.id))
  )
  await team.upload('Scopus', risFile(distinctRecords(n, 'Report')))
  const ids = await team.recordIds()
  for (const id of ids.slice(0, atFullText)) {
    await team.vote(team.a, id, 'include')
    await team.vote(team.b, id, 'include')
  }
  const reasons = await team.db.orm
    .select()
    .from(exclusionReasons)
    .where(eq(exclusionReasons.projectId, team.project.id))
    .orderBy(asc(exclusionReasons.position))
  const ft = (client: typeof team.a, id: number, decision: string, reason?: number, note = '') =>
    client.post(`${team.base}/records/${id}/decisions`, {
      stage: 'full_text',
      decision,
      ...(reason === undefined ? {} : { reason: String(reason) }),
      note,
    })
  const status = async (id: number) => {
    const [row] = await team.db.orm
      .select()
      .from(recordStages)
      .where(and(eq(recordStages.recordId, id), eq(recordStages.stage, 'full_text')))
    return row
  }
  return { ...team, ids, reasons, ft, status }
}

describe('the full-text list', () => {
  it('lists the records that passed title/abstract, and which wait for me', async () => {
    const { a, base, ids } = await setup()
    const html = await (await a.get(`${base}/fulltext`)).text()
    expect(html).toContain('Next report waiting for you (3)')
    for (const id of ids.slice(0, 3)) expect(html).toContain(`${base}/fulltext/${id}"`)
    expect(html).not.toContain(`${base}/fulltext/${ids[3]}"`)
    const next = await a.get(`${base}/fulltext/next`)
    expect(next.status).toBe(303)
    expect(next.headers.get('location')).toMatch(new RegExp(`${base}/fulltext/\\d+$`))
  })
})

describe('attaching the full text', () => {
  it('stores an uploaded PDF with the project and shows it in the browser', async () => {
    const { a, base, ids, dir, db } = await setup()
    const res = await a.upload(
      `${base}/records/${ids[0]}/fulltext`,
      {},
      [{ name: 'Smith 2021.pdf', content: PDF }],
      'pdf'
    )
    expect(res.status).toBe(303)
    const [stored] = await db.orm.select().from(fullTexts)
    expect(stored).toMatchObject({
      recordId: ids[0],
      kind: 'pdf',
      fileName: 'Smith 2021.pdf',
      size: PDF.length,
    })
    const page = await (await a.get(`${base}/fulltext/${ids[0]}`)).text()
    expect(page).toContain(`<iframe class="pdf" src="${base}/records/${ids[0]}/fulltext.pdf"`)
    const pdf = await a.get(`${base}/records/${ids[0]}/fulltext.pdf`)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    expect(pdf.headers.get('content-disposition')).toMatch(/^inline;/)
    expect(pdf.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await pdf.text()).toBe(PDF)
    expect(readdirSync(join(dir, 'fulltexts', '1'))).toHaveLength(1)
  })

  it('replaces a PDF, removing the old file', async () => {
    const { a, base, ids, dir } = await setup()
    await a.upload(
      `${base}/records/${ids[0]}/fulltext`,
      {},
      [{ name: 'one.pdf', content: PDF }],
      'pdf'
    )
    await a.upload(
      `${base}/records/${ids[0]}/fulltext`,
      {},
      [{ name: 'two.pdf', content: PDF + '%2' }],
      'pdf'
    )
    const files = readdirSync(join(dir, 'fulltexts', '1'))
    expect(files).toHaveLength(1)
    expect(files[0]).toContain('two.pdf')
  })

  it('refuses a file that is not a PDF, keeping nothing', async () => {
    const { a, base, ids, db, dir } = await setup()
    const res = await a.upload(
      `${base}/records/${ids[0]}/fulltext`,
      {},
      [{ name: 'evil.pdf', content: '<html><script>x</script>' }],
      'pdf'
    )
    expect(res.status).toBe(303)
    const page = await (await a.get(`${base}/fulltext/${ids[0]}`)).text()
    expect(page).toContain('evil.pdf is not a PDF')
    expect(await db.orm.$count(fullTexts)).toBe(0)
    expect(existsSync(join(dir, 'fulltexts'))).toBe(false)
  })

  it('saves a web link, and refuses anything but http(s)', async () => {
    const { a, base, ids, db } = await setup()
    for (const url of ['javascript:alert(1)', 'ftp://x.org/a.pdf', 'not a url']) {
      await a.post(`${base}/records/${ids[0]}/fulltext-link`, { url })
    }
    expect(await db.orm.$count(fullTexts)).toBe(0)
    await a.post(`${base}/records/${ids[0]}/fulltext-link`, { url: 'https://doi.org/10.1/x' })
    const [row] = await db.orm.select().from(fullTexts)
    expect(row).toMatchObject({ kind: 'link', location: 'https://doi.org/10.1/x' })
  })

  it('answers 404 for a record that has not reached full text, and to outsiders', async () => {
    const { a, app, base, ids, db } = await setup()
    const res = await a.upload(
      `${base}/records/${ids[3]}/fulltext`,
      {},
      [{ name: 'a.pdf', content: PDF }],
      'pdf'
    )
    expect(res.status).toBe(404)
    await a.upload(
      `${base}/records/${ids[0]}/fulltext`,
      {},
      [{ name: 'a.pdf', content: PDF }],
      'pdf'
    )
    await makeUser(db, 'outsider@example.org')
    const outsider = await signedIn(app, 'outsider@example.org')
    expect((await outsider.get(`${base}/records/${ids[0]}/fulltext.pdf`)).status).toBe(404)
  })
})

describe('full-text decisions', () => {
  it.each([
    ['include', 'include', 'included', null],
    ['exclude:0', 'exclude:0', 'excluded', 0],
    ['exclude:0', 'exclude:1', 'conflict', null],
    ['include', 'exclude:0', 'conflict', null],
    ['not_retrieved', null, 'not_retrieved', null],
  ] as const)('%s + %s → %s', async (first, second, expected, reasonIndex) => {
    const { a, b, ft, ids, status, reasons } = await setup()
    const cast = (client: typeof a, spec: string) => {
      const [decision, index] = spec.split(':')
      return ft(
        client,
        ids[0]!,
        decision!,
        index === undefined ? undefined : reasons[Number(index)]!.id
      )
    }
    expect((await cast(a, first)).status).toBe(303)
    if (second) await cast(b, second)
    const row = await status(ids[0]!)
    expect(row?.status).toBe(expected)
    expect(row?.reasonId).toBe(reasonIndex === null ? null : reasons[reasonIndex]!.id)
  })

  it('needs one vote in single mode', async () => {
    const { a, ft, ids, status } = await setup(4, 3, 'single')
    await ft(a, ids[0]!, 'include')
    expect((await status(ids[0]!))?.status).toBe('included')
  })

  it('refuses an exclusion without a reason, storing nothing', async () => {
    const { a, ft, ids, db, base } = await setup()
    const res = await ft(a, ids[0]!, 'exclude')
    expect(res.headers.get('location')).toBe(`${base}/fulltext/${ids[0]}`)
    const page = await (await a.get(`${base}/fulltext/${ids[0]}`)).text()
    expect(page).toContain('Choose the reason for exclusion')
    const rows = await db.orm.select().from(decisions).where(eq(decisions.stage, 'full_text'))
    expect(rows).toHaveLength(0)
  })

  it('is blind until decided, then shows every vote with its reason and note', async () => {
    const { a, b, ft, ids, base, reasons } = await setup()
    await ft(a, ids[0]!, 'exclude', reasons[2]!.id, 'SECRET-FT-NOTE')
    const blind = await (await b.get(`${base}/fulltext/${ids[0]}`)).text()
    expect(blind).not.toContain('SECRET-FT-NOTE')
    expect(blind).not.toContain('Ann Assistant')
    await ft(b, ids[0]!, 'exclude', reasons[2]!.id)
    const open = await (await b.get(`${base}/fulltext/${ids[0]}`)).text()
    expect(open).toContain('SECRET-FT-NOTE')
    expect(open).toContain('Ann Assistant')
    expect(open).toContain(reasons[2]!.label)
  })

  it('keeps title/abstract votes fixed once the record has a full-text vote', async () => {
    const { a, ft, ids, vote, db } = await setup()
    await ft(a, ids[0]!, 'include')
    await vote(a, ids[0]!, 'exclude')
    const ta = await db.orm
      .select()
      .from(decisions)
      .where(and(eq(decisions.recordId, ids[0]!), eq(decisions.stage, 'title_abstract')))
    expect(ta.map((d) => d.decision)).toEqual(['include', 'include'])
  })

  it('refuses a resolution with a reason that is not one of this project’s reasons in use', async () => {
    const { a, b, ft, ids, reasons, leadClient, base, status, db } = await setup()
    await ft(a, ids[0]!, 'exclude', reasons[0]!.id)
    await ft(b, ids[0]!, 'exclude', reasons[1]!.id)
    await db.write((tx) =>
      tx
        .update(exclusionReasons)
        .set({ retiredAt: 1 })
        .where(eq(exclusionReasons.id, reasons[2]!.id))
    )
    for (const reason of ['999999', String(reasons[2]!.id)]) {
      const res = await leadClient.post(`${base}/records/${ids[0]}/resolution`, {
        stage: 'full_text',
        decision: 'exclude',
        reason,
      })
      expect(res.status).toBe(422)
      expect(await res.text()).toContain('Choose one of this project’s exclusion reasons.')
    }
    expect(await status(ids[0]!)).toMatchObject({ status: 'conflict' })
  })

  it('resolves a full-text conflict with one reason, and keeps PRISMA adding up', async () => {
    const { a, b, ft, ids, reasons, leadClient, base, status } = await setup()
    await ft(a, ids[0]!, 'exclude', reasons[0]!.id)
    await ft(b, ids[0]!, 'exclude', reasons[1]!.id)
    await ft(a, ids[1]!, 'include')
    await ft(b, ids[1]!, 'include')
    await ft(a, ids[2]!, 'not_retrieved')
    const page = await (await leadClient.get(`${base}/conflicts?stage=full_text`)).text()
    expect(page).toContain(`Record ${ids[0]}`)
    const noReason = await leadClient.post(`${base}/records/${ids[0]}/resolution`, {
      stage: 'full_text',
      decision: 'exclude',
    })
    expect(noReason.status).toBe(422)
    const res = await leadClient.post(`${base}/records/${ids[0]}/resolution`, {
      stage: 'full_text',
      decision: 'exclude',
      reason: String(reasons[1]!.id),
      note: 'agreed: wrong concept',
    })
    expect(res.status).toBe(303)
    expect(await status(ids[0]!)).toMatchObject({ status: 'excluded', reasonId: reasons[1]!.id })
    const prisma = (await (await leadClient.get(`${base}/prisma.json`)).json()) as Prisma
    expect(prisma.screening).toMatchObject({
      records_screened: 4,
      reports_sought: 3,
      reports_not_retrieved: 1,
      reports_assessed: 2,
      reports_excluded: { [reasons[1]!.label]: 1 },
    })
    expect(prisma.included).toEqual({ studies: 1, reports: 1 })
    expect(prismaInvariants(prisma)).toEqual([])
  })
})
