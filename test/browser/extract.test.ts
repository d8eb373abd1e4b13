import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { screenshot, watchErrors } from '../helpers/browser.ts'
import { browserTeam, PASSWORD, type BrowserTeam } from '../helpers/browser-team.ts'
import { distinctRecords, risFile } from '../helpers/ris.ts'
import type { RunningServer } from '../helpers/server.ts'

let team: BrowserTeam
let server: RunningServer
let projectId: string
let studies: number[]
const signIn = (email: string) => team.signIn(email)

/** Real HTTP, outside the browser: the screening that brings two studies to extraction. */
async function session(email: string) {
  const res = await fetch(`${server.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: PASSWORD }),
  })
  return res.headers
    .getSetCookie()
    .find((c) => c.startsWith('winnow_session='))!
    .split(';')[0]!
}
async function vote(cookie: string, recordId: number, stage: string, decision: string) {
  const res = await fetch(`${server.url}/projects/${projectId}/records/${recordId}/decisions`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      Cookie: cookie,
      Origin: server.url,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ stage, decision }),
  })
  expect(res.status).toBe(303)
}

beforeAll(async () => {
  team = await browserTeam('Commissioning review')
  projectId = team.projectId
  const imported = JSON.parse(
    await team.importRis('Scopus', risFile(distinctRecords(2, 'Commissioning study')))
  )
  server = await team.serve()
  const records = JSON.parse(
    await team.cli(['export', '--project', projectId, '--what', 'records', '--format', 'json'])
  )
  studies = records.map((r: { id: number }) => r.id)
  expect(imported.records).toBe(2)
  const [ann, bob] = [await session('ann@example.org'), await session('bob@example.org')]
  for (const id of studies) {
    for (const stage of ['title_abstract', 'full_text']) {
      await vote(ann, id, stage, 'include')
      await vote(bob, id, stage, 'include')
    }
  }
})

afterAll(() => team?.close())

/** Fills the blank row and adds it; the row arrives by htmx and the blank row takes the focus. */
async function addFinding(
  page: Page,
  f: {
    kind: string
    comB: string
    level: string
    stakeholder: string
    theme: string
    evidence: string
    page: string
  }
) {
  const form = page.locator('#findings form.new-row')
  const before = await page.locator('#findings tbody tr').count()
  await form.getByLabel('Kind', { exact: true }).selectOption(f.kind)
  await form.getByLabel('COM-B', { exact: true }).selectOption(f.comB)
  await form.getByLabel('Level', { exact: true }).selectOption(f.level)
  await form.getByLabel('Stakeholder', { exact: true }).selectOption(f.stakeholder)
  await form.getByLabel(/^Theme/).fill(f.theme)
  await form.getByLabel(/^Evidence/).fill(f.evidence)
  await form.getByLabel('Page', { exact: true }).fill(f.page)
  await form.getByLabel('Page', { exact: true }).press('Enter')
  await expect.poll(() => page.locator('#findings tbody tr').count()).toBe(before + 1)
  await expect
    .poll(() =>
      page.evaluate(() =>
        (
          globalThis as unknown as {
            document: { activeElement: { getAttribute(n: string): string | null } | null }
          }
        ).document.activeElement?.getAttribute('aria-label')
      )
    )
    .toBe('Kind')
}

describe('extraction in a browser', () => {
  it('extracts findings for two studies and the synthesis counts studies, not rows', async () => {
    const ann = await signIn('ann@example.org')
    const errors = watchErrors(ann)
    await ann.goto(`${server.url}/projects/${projectId}/extraction`)
    expect(await ann.locator('#studies tbody tr').count()).toBe(2)
    await ann.goto(`${server.url}/projects/${projectId}/extraction/${studies[0]}`)
    await ann.evaluate(() => ((globalThis as unknown as { marker: number }).marker = 7))
    const barrier = {
      kind: 'barrier',
      comB: 'opportunity_social',
      level: 'organisational',
      stakeholder: 'commissioner',
      theme: 'Leadership support',
      page: '4',
    }
    await addFinding(ann, { ...barrier, evidence: 'No senior sponsor for evidence use.' })
    await addFinding(ann, { ...barrier, evidence: 'Directors changed every year.', page: '9' })
    expect(await ann.evaluate(() => (globalThis as unknown as { marker: number }).marker)).toBe(7)
    await screenshot(ann, '50-extraction-study')
    await ann.goto(`${server.url}/projects/${projectId}/extraction/${studies[1]}`)
    await addFinding(ann, {
      ...barrier,
      theme: 'leadership support',
      evidence: 'Managers never asked for evidence.',
    })
    await addFinding(ann, {
      ...barrier,
      kind: 'enabler',
      comB: 'capability_psychological',
      theme: 'Analyst skills',
      evidence: 'Trained analysts helped commissioners.',
    })
    expect(errors).toEqual([])

    // Bob verifies one of Ann's rows.
    const bob = await signIn('bob@example.org')
    await bob.goto(`${server.url}/projects/${projectId}/extraction/${studies[1]}`)
    await bob.locator('#findings').getByRole('button', { name: 'Verify' }).first().click()
    await expect
      .poll(() => bob.locator('#findings').textContent())
      .toContain('verified · Bob Second')

    const lena = await signIn('lena@example.org')
    await lena.goto(`${server.url}/projects/${projectId}/synthesis`)
    const cell = lena.locator('#synth-barrier td.cell a')
    expect(await cell.count()).toBe(1)
    expect(await cell.locator('strong').textContent()).toBe('2')
    expect(await cell.locator('.refs').textContent()).toBe('Author0 2000; Author1 2001')
    await screenshot(lena, '51-synthesis')
    await cell.click()
    await lena.waitForURL(/\/synthesis\/evidence/)
    expect(await lena.locator('ol.evidence li').count()).toBe(3)
    await screenshot(lena, '52-synthesis-evidence')
    await lena.goto(`${server.url}/projects/${projectId}/synthesis?stakeholder=practitioner`)
    expect(await lena.locator('#synth-barrier td.cell a').count()).toBe(0)
    const svg = await lena.request.get(`${server.url}/projects/${projectId}/synthesis/heatmap.svg`)
    await lena.setViewportSize({ width: 1000, height: 700 })
    await lena.setContent(`<body style="margin:0">${await svg.text()}</body>`)
    await lena.screenshot({ path: 'test-results/screenshots/53-heatmap.png' })
  })
})
