import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, screenshot, watchErrors } from '../helpers/browser.ts'
import { spawnCli } from '../helpers/cli.ts'
import { startServer, type RunningServer } from '../helpers/server.ts'

const fixture = (name: string) =>
  fileURLToPath(new URL(`../../fixtures/ris/${name}`, import.meta.url))

let server: RunningServer
let browser: BrowserContext
let closeBrowser: () => Promise<void>
let dir: string
let projectId: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'winnow-browser-'))
  const env = { DATABASE_URL: `file:${join(dir, 'winnow.db')}`, DATA_DIR: dir }
  const made = await spawnCli(
    ['user', 'add', '--email', 'lena@example.org', '--name', 'Lena Lead', '--password-stdin'],
    env,
    'a long passphrase\n'
  )
  expect(made.code).toBe(0)
  const project = await spawnCli(
    ['project', 'create', '--name', 'Dinosaur review', '--owner', 'lena@example.org'],
    env
  )
  projectId = project.stdout.trim()
  server = await startServer(env)
  ;({ browser, close: closeBrowser } = await launchBrowser())
})

afterAll(async () => {
  await closeBrowser?.()
  await server?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('importing search results in a browser', () => {
  it('uploads two exports, reads the report, finds a record and undoes a duplicate match', async () => {
    const page = await browser.newPage()
    const errors = watchErrors(page)
    await page.goto(`${server.url}/login`)
    await page.getByLabel('Email').fill('lena@example.org')
    await page.getByLabel('Password').fill('a long passphrase')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(/\/projects$/)

    await page.goto(`${server.url}/projects/${projectId}/imports`)
    await page.getByLabel('Source').fill('Scopus')
    await page.getByLabel('Files').setInputFiles(fixture('02_scopus.ris'))
    await screenshot(page, '10-imports-form')
    await page.getByRole('button', { name: 'Import' }).click()
    await page.waitForURL(/\/imports\/\d+$/)
    await expect.poll(() => page.getByText('Records imported').count(), { timeout: 15_000 }).toBe(1)
    expect(await page.locator('.stats').textContent()).toContain('10')
    await screenshot(page, '11-import-report')

    await page
      .getByRole('navigation', { name: 'Project' })
      .getByRole('link', { name: 'Imports' })
      .click()
    await page.getByLabel('Source').fill('Zotero library')
    await page
      .getByLabel('Files')
      .setInputFiles([fixture('08_zotero.ris'), fixture('09_mendeley.ris')])
    await page.getByRole('button', { name: 'Import' }).click()
    await page.waitForURL(/\/imports\/\d+$/)
    await expect.poll(() => page.getByText('Records imported').count(), { timeout: 15_000 }).toBe(1)
    await screenshot(page, '12-import-report-duplicates')

    await page
      .getByRole('navigation', { name: 'Project' })
      .getByRole('link', { name: 'Records' })
      .click()
    await page.getByLabel('Search titles, abstracts and authors').fill('spinosaurus')
    await page.getByRole('button', { name: 'Search' }).click()
    await expect.poll(() => page.locator('#records tbody tr').count()).toBeGreaterThan(0)
    await screenshot(page, '13-records-search')
    await page.locator('#records tbody a').first().click()
    await expect.poll(() => page.locator('#raw-tags').count()).toBe(1)
    await screenshot(page, '14-record')

    await page
      .getByRole('navigation', { name: 'Project' })
      .getByRole('link', { name: 'Duplicates' })
      .click()
    const groups = page.locator('.dup-group')
    await expect.poll(() => groups.count()).toBeGreaterThan(0)
    await screenshot(page, '15-duplicates')
    const before = await page.locator('.dup-group .dup-card:not(.dup-kept)').count()
    page.once('dialog', (d) => d.accept())
    await page.getByRole('button', { name: 'Not a duplicate' }).first().click()
    await expect
      .poll(() => page.locator('.alert-ok').textContent())
      .toContain('now enters screening')
    expect(await page.locator('.dup-group .dup-card:not(.dup-kept)').count()).toBe(before - 1)
    expect(await page.locator('#duplicate-history').textContent()).toContain('Lena Lead')
    expect(errors).toEqual([])
    await page.close()
  })
})
