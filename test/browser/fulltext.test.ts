import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, screenshot, watchErrors } from '../helpers/browser.ts'
import { spawnCli } from '../helpers/cli.ts'
import { distinctRecords, risFile } from '../helpers/ris.ts'
import { startServer, type RunningServer } from '../helpers/server.ts'

let server: RunningServer
const closers: (() => Promise<void>)[] = []
let dir: string
let projectId: string
const PASSWORD = 'a long passphrase'
const PDF =
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'winnow-browser-'))
  const env = { DATABASE_URL: `file:${join(dir, 'winnow.db')}`, DATA_DIR: dir }
  for (const [email, name] of [
    ['lena@example.org', 'Lena Lead'],
    ['ann@example.org', 'Ann Assistant'],
    ['bob@example.org', 'Bob Second'],
  ]) {
    await spawnCli(
      ['user', 'add', '--email', email!, '--name', name!, '--password-stdin'],
      env,
      `${PASSWORD}\n`
    )
  }
  projectId = (
    await spawnCli(
      ['project', 'create', '--name', 'Toolkits review', '--owner', 'lena@example.org'],
      env
    )
  ).stdout.trim()
  for (const email of ['ann@example.org', 'bob@example.org']) {
    await spawnCli(
      ['project', 'add-member', '--project', projectId, '--email', email, '--role', 'reviewer'],
      env
    )
  }
  const file = join(dir, 'search.ris')
  writeFileSync(file, risFile(distinctRecords(1, 'Toolkit evaluation')))
  expect(
    (await spawnCli(['import', '--project', projectId, '--source', 'Scopus', file], env)).code
  ).toBe(0)
  writeFileSync(join(dir, 'report.pdf'), PDF)
  server = await startServer(env)
})

afterAll(async () => {
  for (const close of closers) await close()
  await server?.stop()
  rmSync(dir, { recursive: true, force: true })
})

async function signIn(email: string): Promise<Page> {
  const { browser, close } = await launchBrowser()
  closers.push(close)
  const page = await browser.newPage()
  await page.goto(`${server.url}/login`)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL(/\/projects$/)
  return page
}

describe('one record from import to included', () => {
  it('passes title/abstract, gets its full text, is included, and the diagram counts it', async () => {
    const ann = await signIn('ann@example.org')
    const bob = await signIn('bob@example.org')
    const errors = [...[ann, bob].map(watchErrors)]
    for (const page of [ann, bob]) {
      await page.goto(`${server.url}/projects/${projectId}/screen`)
      await page.keyboard.press('i')
      await expect
        .poll(() => page.locator('#screen-card').textContent())
        .toContain('Nothing is waiting for you')
    }

    // Ann attaches the PDF and includes the report.
    await ann.goto(`${server.url}/projects/${projectId}/fulltext`)
    await ann.getByRole('link', { name: /Next report waiting for you/ }).click()
    await ann.waitForURL(/\/fulltext\/\d+$/)
    await ann.getByLabel('PDF file').setInputFiles(join(dir, 'report.pdf'))
    await ann.getByRole('button', { name: 'Upload PDF' }).click()
    await expect.poll(() => ann.locator('.alert-ok').textContent()).toContain('report.pdf attached')
    expect(await ann.locator('iframe.pdf').count()).toBe(1)
    await screenshot(ann, '40-fulltext-record')
    await ann.getByRole('button', { name: 'Include' }).click()
    await expect
      .poll(() => ann.locator('.alert-ok').textContent())
      .toContain('your full-text decision is saved')

    // Bob, blind to Ann's vote, includes too.
    await bob.goto(`${server.url}/projects/${projectId}/fulltext/next`)
    expect(await bob.locator('.ballots').count()).toBe(0)
    expect(await bob.locator('main').textContent()).not.toContain('Your decision')
    await bob.getByRole('button', { name: 'Include' }).click()
    await expect.poll(() => bob.locator('.alert-ok').textContent()).toContain('saved')

    const lena = await signIn('lena@example.org')
    await lena.goto(`${server.url}/projects/${projectId}/fulltext?show=all`)
    expect(await lena.locator('#fulltext').textContent()).toContain('included')
    await screenshot(lena, '41-fulltext-list')
    await lena.goto(`${server.url}/projects/${projectId}/prisma`)
    const svg = await (
      await lena.request.get(`${server.url}/projects/${projectId}/prisma.svg`)
    ).text()
    for (const line of [
      'Records screened (n = 1)',
      'Reports sought for retrieval (n = 1)',
      'Reports assessed for eligibility (n = 1)',
      'Studies included in review (n = 1)',
    ]) {
      expect(svg).toContain(line)
    }
    await screenshot(lena, '42-prisma-included')
    expect(errors.flat()).toEqual([])
  })
})
