import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { screenshot, watchErrors } from '../helpers/browser.ts'
import { browserTeam, type BrowserTeam } from '../helpers/browser-team.ts'
import { distinctRecords, risFile } from '../helpers/ris.ts'
import type { RunningServer } from '../helpers/server.ts'

let team: BrowserTeam
let server: RunningServer
let projectId: string
const signIn = (email: string) => team.signIn(email)

beforeAll(async () => {
  team = await browserTeam('Commissioning review')
  projectId = team.projectId
  await team.importRis('Scopus', risFile(distinctRecords(8, 'Evidence use')))
  server = await team.serve()
})

afterAll(() => team?.close())

const shown = (page: Page) => page.locator('#screen-card').getAttribute('data-record')

/** Presses a key and waits until the card shows another record. */
async function decide(page: Page, key: string) {
  const before = await shown(page)
  await page.keyboard.press(key)
  await expect.poll(() => shown(page)).not.toBe(before)
}

describe('screening with the keyboard', () => {
  it('screens five records by key, undoes one, and the lead sees the conflict', async () => {
    const ann = await signIn('ann@example.org')
    const errors = watchErrors(ann)
    await ann.goto(`${server.url}/projects/${projectId}/screen`)
    await screenshot(ann, '20-screen')
    // A marker that a full page load would wipe: every decision must arrive by htmx.
    await ann.evaluate(() => ((globalThis as unknown as { marker: number }).marker = 42))
    const annVotes: [id: string, key: string][] = []
    for (const key of ['i', 'e', 'm', 'i', 'e']) {
      annVotes.push([(await shown(ann))!, key])
      await decide(ann, key)
    }
    expect(await ann.evaluate(() => (globalThis as unknown as { marker: number }).marker)).toBe(42)
    expect(await ann.locator('#screen-progress').textContent()).toContain('5 of 8 records done')

    // u brings the last record back; deciding it again moves on.
    const [last] = annVotes.at(-1)!
    await ann.keyboard.press('u')
    await expect.poll(() => shown(ann)).toBe(last)
    expect(await ann.locator('#screen-card .alert').textContent()).toContain('undone')
    await screenshot(ann, '21-screen-undone')
    await decide(ann, 'i')
    expect(await ann.evaluate(() => (globalThis as unknown as { marker: number }).marker)).toBe(42)
    expect(errors).toEqual([])

    // Bob screens blind and disagrees on the first record Ann included.
    const bob = await signIn('bob@example.org')
    await bob.goto(`${server.url}/projects/${projectId}/screen`)
    const [disputed] = annVotes.find(([, key]) => key === 'i')!
    await bob.goto(`${server.url}/projects/${projectId}/screen?record=${disputed}`)
    expect(await shown(bob)).toBe(disputed)
    expect(await bob.locator('#screen-card').textContent()).not.toContain('Your decision')
    await decide(bob, 'e')

    const lena = await signIn('lena@example.org')
    await lena.goto(`${server.url}/projects/${projectId}/conflicts`)
    const conflicts = lena.locator('main')
    await expect.poll(() => conflicts.textContent()).toContain('Ann Assistant')
    expect(await conflicts.textContent()).toContain('Bob Second')
    await screenshot(lena, '22-conflicts')
    await lena.goto(`${server.url}/projects/${projectId}`)
    expect(await lena.locator('.pipeline').textContent()).toContain('1 conflict')
    await screenshot(lena, '23-overview')
    await lena.goto(`${server.url}/projects/${projectId}/agreement`)
    await screenshot(lena, '24-agreement')
  })
})
