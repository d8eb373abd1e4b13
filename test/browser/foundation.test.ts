import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserContext } from 'playwright-core'
import { spawnCli } from '../helpers/cli.ts'
import { launchBrowser, screenshot, watchErrors } from '../helpers/browser.ts'
import { startServer, type RunningServer } from '../helpers/server.ts'

let server: RunningServer
let browser: BrowserContext
let closeBrowser: () => Promise<void>
let dir: string
let env: Record<string, string>

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'winnow-browser-'))
  env = { DATABASE_URL: `file:${join(dir, 'winnow.db')}`, DATA_DIR: dir }
  server = await startServer(env)
  ;({ browser, close: closeBrowser } = await launchBrowser())
})

afterAll(async () => {
  await closeBrowser?.()
  await server?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('first steps in a browser', () => {
  it('signs up the first account, creates a project and adds a member', async () => {
    const page = await browser.newPage()
    const errors = watchErrors(page)

    await page.goto(server.url)
    await expect.poll(() => page.url()).toContain('/setup')
    await screenshot(page, '01-setup')
    await page.getByLabel('Your name').fill('Lena Lead')
    await page.getByLabel('Email').fill('lena@example.org')
    await page.getByLabel('Password', { exact: true }).fill('a long passphrase')
    await page.getByLabel('Password again').fill('a long passphrase')
    await page.getByRole('button', { name: 'Create the first account' }).click()

    await page.waitForURL(/\/projects$/)
    await expect.poll(() => page.getByText('Welcome, Lena Lead').count()).toBe(1)
    await screenshot(page, '02-projects-empty')
    await page.getByLabel('Name').fill('Commissioning evidence review')
    await page
      .getByLabel('Description (optional)')
      .fill('What helps local authorities commission evidence-based programmes?')
    await page.getByRole('button', { name: 'Create project' }).click()

    await page.waitForURL(/\/projects\/\d+$/)
    expect(await page.locator('h1').textContent()).toBe('Commissioning evidence review')
    await screenshot(page, '03-project-home')

    // The member to add needs an account: made with the CLI, as an administrator would.
    const made = await spawnCli(
      ['user', 'add', '--email', 'rex@example.org', '--name', 'Rex Reviewer', '--password-stdin'],
      env,
      'another long password\n'
    )
    expect(made.code).toBe(0)
    await page.getByRole('link', { name: 'Members' }).click()
    await page.waitForURL(/\/members$/)
    await page.getByLabel('Email').fill('rex@example.org')
    await page.getByLabel('Role').selectOption('reviewer')
    await page.getByRole('button', { name: 'Add member' }).click()
    await page.waitForURL(/\/members$/)
    const table = page.locator('#members')
    await expect.poll(() => table.textContent()).toContain('Rex Reviewer')
    await screenshot(page, '04-members')

    // A mistake is shown inline, on the same form.
    await page.getByLabel('Email').fill('ghost@example.org')
    await page.getByRole('button', { name: 'Add member' }).click()
    await expect
      .poll(() => page.locator('#f-email-error').textContent())
      .toContain('No account uses ghost@example.org')
    await screenshot(page, '05-members-error')

    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL(/\/login$/)
    await screenshot(page, '06-login')
    expect(errors).toEqual([])
    await page.close()
  })
})
