import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { screenshot, watchErrors } from '../helpers/browser.ts'
import { browserTeam, type BrowserTeam } from '../helpers/browser-team.ts'
import { distinctRecords, risFile } from '../helpers/ris.ts'
import type { RunningServer } from '../helpers/server.ts'

let team: BrowserTeam
let server: RunningServer
let dir: string
let projectId: string
const signIn = (email: string) => team.signIn(email)
const PDF =
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'

beforeAll(async () => {
  team = await browserTeam('Toolkits review')
  ;({ dir, projectId } = team)
  await team.importRis('Scopus', risFile(distinctRecords(1, 'Toolkit evaluation')))
  writeFileSync(join(dir, 'report.pdf'), PDF)
  server = await team.serve()
})

afterAll(() => team?.close())

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
