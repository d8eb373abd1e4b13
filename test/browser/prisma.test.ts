import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Prisma } from '../../src/domain/prisma.ts'
import { SCREENSHOT_DIR, screenshot, watchErrors } from '../helpers/browser.ts'
import { browserTeam, type BrowserTeam } from '../helpers/browser-team.ts'
import { distinctRecords, risFile } from '../helpers/ris.ts'
import type { RunningServer } from '../helpers/server.ts'

let team: BrowserTeam
let server: RunningServer
let projectId: string
const signIn = (email: string) => team.signIn(email)

const LONG_SOURCE =
  'Web of Science Core Collection (Science Citation Index Expanded & Social Sciences Citation Index)'

beforeAll(async () => {
  team = await browserTeam('Commissioning review')
  projectId = team.projectId
  const scopus = distinctRecords(8, 'Evidence use')
  await team.importRis('Scopus', risFile(scopus))
  await team.importRis(LONG_SOURCE, risFile(distinctRecords(2, 'Toolkits')))
  await team.importRis('ClinicalTrials.gov', risFile([scopus[0]!, ...distinctRecords(1, 'Trial')]), true) // prettier-ignore
  server = await team.serve()
})

afterAll(() => team?.close())

const shown = (page: Page) => page.locator('#screen-card').getAttribute('data-record')

/** Opens the record on the screening page, presses the key, waits for the next card. */
async function screen(page: Page, recordId: string, key: string) {
  await page.goto(`${server.url}/projects/${projectId}/screen?record=${recordId}`)
  expect(await shown(page)).toBe(recordId)
  await page.keyboard.press(key)
  await expect.poll(() => shown(page)).not.toBe(recordId)
}

/** A full-text vote as the full-text form posts it, from inside the signed-in page. */
async function fullText(page: Page, recordId: string, decision: string, reason = '') {
  const url = `/projects/${projectId}/records/${recordId}/decisions`
  const status = await page.evaluate(
    async ([url, body]) =>
      (await fetch(url!, { method: 'POST', body: new URLSearchParams(body!) })).status,
    [url, `stage=full_text&decision=${decision}&reason=${reason}`]
  )
  expect(status).toBe(200) // the 303 to the next report, followed
}

describe('the PRISMA page', () => {
  it('draws the review’s numbers as the PRISMA 2020 diagram', async () => {
    const ann = await signIn('ann@example.org')
    const bob = await signIn('bob@example.org')
    await ann.goto(`${server.url}/projects/${projectId}/screen`)
    const population = await ann
      .locator('#f-reason option', { hasText: 'Wrong population' })
      .getAttribute('value')
    // Ann takes eight records from her queue; Bob screens the same eight, blind.
    const ids: string[] = []
    for (const key of ['i', 'i', 'i', 'i', 'e', 'e', 'm', 'e']) {
      const id = (await shown(ann))!
      ids.push(id)
      await screen(ann, id, key)
    }
    for (const [i, key] of ['i', 'i', 'e', 'i', 'e', 'e', 'i', 'i'].entries()) {
      await screen(bob, ids[i]!, key)
    }
    // Passed: 1, 2, 4 and 7 (maybe + include). In conflict: 3 and 8. Three records unscreened.
    for (const page of [ann, bob]) await fullText(page, ids[0]!, 'include')
    for (const page of [ann, bob]) await fullText(page, ids[1]!, 'exclude', population!)
    await fullText(ann, ids[3]!, 'not_retrieved')

    const lena = await signIn('lena@example.org')
    const errors = watchErrors(lena)
    await lena.goto(`${server.url}/projects/${projectId}/prisma`)
    const p = (await (
      await lena.request.get(`${server.url}/projects/${projectId}/prisma.json`)
    ).json()) as Prisma
    expect(p.screening).toMatchObject({
      records_screened: 11,
      records_excluded: 2,
      reports_sought: 4,
    })
    expect(p.pending).toEqual({ title_abstract: 5, conflicts: 2, full_text: 1 })

    const img = lena.locator('#prisma-diagram')
    await expect
      .poll(() => img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth))
      .toBe(960)
    expect(await lena.getByRole('link', { name: 'PRISMA' }).getAttribute('aria-current')).toBe(
      'page'
    )
    const cell = (label: string) =>
      lena
        .locator('#prisma-counts tr', { has: lena.locator(`th:text-is("${label}")`) })
        .locator('td')
    expect(await cell('Records screened').textContent()).toBe(String(p.screening.records_screened))
    expect(await cell('Wrong population').textContent()).toBe('1')
    expect(await cell(LONG_SOURCE).textContent()).toBe('2')
    expect(await lena.locator('#prisma-pending').textContent()).toContain('5 records awaiting')
    await screenshot(lena, '30-prisma')
    expect(errors).toEqual([])

    // The SVG on its own: its numbers are prisma.json's, and no line runs out of its box.
    await lena.goto(`${server.url}/projects/${projectId}/prisma.svg`)
    const box = async (key: string) => (await lena.locator(`#box-${key}`).textContent())?.trim()
    const { identification: id, screening: s, included: inc } = p
    expect(await box('records_identified')).toContain(`Scopus (n = ${id.databases.Scopus})`)
    expect(await box('records_identified')).toContain(`Registers (n = ${total(id.registers)})`)
    expect(await box('removed_before_screening')).toContain(
      `removed (n = ${id.duplicates_removed})`
    )
    expect(await box('records_screened')).toBe(`Records screened (n = ${s.records_screened})`)
    expect(await box('records_excluded')).toBe(`Records excluded (n = ${s.records_excluded})`)
    expect(await box('reports_sought')).toContain(`(n = ${s.reports_sought})`)
    expect(await box('reports_not_retrieved')).toContain(`(n = ${s.reports_not_retrieved})`)
    expect(await box('reports_assessed')).toContain(`(n = ${s.reports_assessed})`)
    expect(await box('reports_excluded')).toContain('Wrong population (n = 1)')
    expect(await box('included')).toContain(`Studies included in review (n = ${inc.studies})`)
    const overflows = await lena.evaluate(OVERFLOWS)
    expect(overflows).toEqual([])
    // A full-page screenshot of a bare SVG document never settles in Chromium: size the view.
    const height = (await lena.evaluate(SVG_HEIGHT)) as number
    await lena.setViewportSize({ width: 960, height: Math.ceil(height) })
    mkdirSync(SCREENSHOT_DIR, { recursive: true })
    await lena.screenshot({ path: join(SCREENSHOT_DIR, '31-prisma-svg.png') })
  })
})

// Run in the page (the project's TypeScript has no DOM types): the box lines whose drawn
// bounds leave their box, by the font the browser really used.
const OVERFLOWS = `[...document.querySelectorAll('g[id^="box-"]')].flatMap((g) => {
  const r = g.querySelector('rect').getBBox()
  return [...g.querySelectorAll('text')]
    .filter((t) => {
      const b = t.getBBox()
      return b.x < r.x || b.x + b.width > r.x + r.width - 4 || b.y < r.y || b.y + b.height > r.y + r.height
    })
    .map((t) => g.id + ': ' + t.textContent)
})`
const SVG_HEIGHT = 'document.documentElement.getBoundingClientRect().height'

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0)
