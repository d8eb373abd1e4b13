import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, screenshot, watchErrors } from '../helpers/browser.ts'
import { spawnCli } from '../helpers/cli.ts'
import { distinctRecords, risFile } from '../helpers/ris.ts'
import { startServer, type RunningServer } from '../helpers/server.ts'

let server: RunningServer
const browsers: { context: BrowserContext; close: () => Promise<void> }[] = []
let dir: string
let projectId: string

const PASSWORD = 'a long passphrase'

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'winnow-browser-'))
  const env = { DATABASE_URL: `file:${join(dir, 'winnow.db')}`, DATA_DIR: dir }
  for (const [email, name] of [
    ['lena@example.org', 'Lena Lead'],
    ['ann@example.org', 'Ann Assistant'],
    ['bob@example.org', 'Bob Second'],
  ]) {
    const made = await spawnCli(['user', 'add', '--email', email!, '--name', name!, '--password-stdin'], env, `${PASSWORD}\n`)
    expect(made.code).toBe(0)
  }
  projectId = (await spawnCli(['project', 'create', '--name', 'Commissioning review', '--owner', 'lena@example.org'], env)).stdout.trim()
  for (const email of ['ann@example.org', 'bob@example.org']) {
    await spawnCli(['project', 'add-member', '--project', projectId, '--email', email, '--role', 'reviewer'], env)
  }
  const file = join(dir, 'search.ris')
  writeFileSync(file, risFile(distinctRecords(8, 'Evidence use')))
  const imported = await spawnCli(['import', '--project', projectId, '--source', 'Scopus', file], env)
  expect(imported.code).toBe(0)
  server = await startServer(env)
})

afterAll(async () => {
  for (const b of browsers) await b.close()
  await server?.stop()
  rmSync(dir, { recursive: true, force: true })
})

async function signIn(email: string): Promise<Page> {
  const browser = await launchBrowser()
  browsers.push({ context: browser.browser, close: browser.close })
  const page = await browser.browser.newPage()
  await page.goto(`${server.url}/login`)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL(/\/projects$/)
  return page
}

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
