import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { screenshot, watchErrors } from '../helpers/browser.ts'
import { browserTeam, type BrowserTeam } from '../helpers/browser-team.ts'
import { risFile, twoTopicRecords } from '../helpers/ris.ts'
import type { RunningServer } from '../helpers/server.ts'

let team: BrowserTeam
let server: RunningServer
let projectId: string

beforeAll(async () => {
  team = await browserTeam('Nudging review')
  projectId = team.projectId
  await team.importRis('Scopus', risFile(twoTopicRecords(60)))
  server = await team.serve()
})

afterAll(() => team?.close())

const title = (page: Page) => page.locator('#record-title').innerText()
const shown = (page: Page) => page.locator('#screen-card').getAttribute('data-record')

/** Decides by key what a reviewer of nudges would, and waits for the next card. */
async function decide(page: Page): Promise<'i' | 'e'> {
  const before = await shown(page)
  const key = (await title(page)).startsWith('Nudging') ? 'i' : 'e'
  await page.keyboard.press(key)
  await expect.poll(() => shown(page)).not.toBe(before)
  return key
}

describe('priority screening in the browser', () => {
  it('brings the records like the reviewer’s includes forward and says what it expects', async () => {
    const page = await team.signIn('ann@example.org')
    const errors = watchErrors(page)
    await page.goto(`${server.url}/projects/${projectId}/screen`)
    await expect
      .poll(() => page.locator('#screen-priority').innerText())
      .toContain('Random for now')
    // Screen in random order until there is an include and an exclude.
    const keys = new Set<string>()
    while (keys.size < 2) keys.add(await decide(page))
    // The model is trained in the background; the panel says so on the next card.
    await expect
      .poll(
        async () => {
          await page.reload()
          return page.locator('#screen-priority').innerText()
        },
        { timeout: 10_000 }
      )
      .toContain('Likely relevant first')
    // The next ten records are all nudges, though half of those left are about soil.
    const next: string[] = []
    for (let k = 0; k < 10; k++) {
      next.push(await title(page))
      await decide(page)
    }
    expect(next.filter((t) => t.startsWith('Nudging'))).toHaveLength(10)
    await page.reload()
    await page.locator('#screen-priority summary').click()
    await expect.poll(() => page.locator('#screen-priority').innerText()).toContain('At least 10 %')
    expect(await page.locator('#screen-priority').innerText()).toMatch(
      /The model expects (about \d+|fewer than one) relevant records? among the \d+ records left/
    )
    await screenshot(page, '60-priority')
    // The lead switches it off in Settings: Ann's panel says so, and her order is random again.
    const lena = await team.signIn('lena@example.org')
    await lena.goto(`${server.url}/projects/${projectId}/settings#settings-ranking`)
    const section = lena.locator('#settings-ranking')
    await section.getByLabel(/Random/).check()
    await screenshot(section, '61-priority-settings')
    await section.getByRole('button', { name: 'Save priority screening' }).click()
    await expect
      .poll(() => lena.locator('.alert').first().innerText())
      .toContain('Priority screening is off')
    await page.reload()
    expect(await page.locator('#screen-priority').innerText()).toContain(
      'Random: priority screening is switched off by the lead'
    )
    expect(errors).toEqual([])
  })
})
