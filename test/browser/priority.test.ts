import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, screenshot, watchErrors } from '../helpers/browser.ts'
import { spawnCli } from '../helpers/cli.ts'
import { risFile, twoTopicRecords } from '../helpers/ris.ts'
import { startServer, type RunningServer } from '../helpers/server.ts'

let server: RunningServer
let close: (() => Promise<void>) | undefined
let dir: string
let projectId: string
const PASSWORD = 'a long passphrase'

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'winnow-browser-'))
  const env = { DATABASE_URL: `file:${join(dir, 'winnow.db')}`, DATA_DIR: dir }
  const add = ['user', 'add', '--email', 'ann@example.org', '--name', 'Ann Assistant', '--password-stdin'] // prettier-ignore
  expect((await spawnCli(add, env, `${PASSWORD}\n`)).code).toBe(0)
  const create = ['project', 'create', '--name', 'Nudging review', '--owner', 'ann@example.org']
  projectId = (await spawnCli(create, env)).stdout.trim()
  const file = join(dir, 'search.ris')
  writeFileSync(file, risFile(twoTopicRecords(60)))
  const imported = await spawnCli(['import', '--project', projectId, '--source', 'Scopus', file], env) // prettier-ignore
  expect(imported.code).toBe(0)
  server = await startServer(env)
})

afterAll(async () => {
  await close?.()
  await server?.stop()
  rmSync(dir, { recursive: true, force: true })
})

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
    const browser = await launchBrowser()
    close = browser.close
    const page = await browser.browser.newPage()
    const errors = watchErrors(page)
    await page.goto(`${server.url}/login`)
    await page.getByLabel('Email').fill('ann@example.org')
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(/\/projects$/)
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
    // The lead switches it off in Settings: the panel says so, and the order is random again.
    await page.goto(`${server.url}/projects/${projectId}/settings#settings-ranking`)
    const section = page.locator('#settings-ranking')
    await section.getByLabel(/Random/).check()
    await screenshot(section, '61-priority-settings')
    await section.getByRole('button', { name: 'Save priority screening' }).click()
    await expect
      .poll(() => page.locator('.alert').first().innerText())
      .toContain('Priority screening is off')
    await page.goto(`${server.url}/projects/${projectId}/screen`)
    expect(await page.locator('#screen-priority').innerText()).toContain(
      'Random: priority screening is switched off'
    )
    expect(errors).toEqual([])
  })
})
