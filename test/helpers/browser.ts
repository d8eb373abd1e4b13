import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core'

export const SCREENSHOT_DIR = 'test-results/screenshots'

/**
 * Debian's Chromium, headless, in a fresh profile directory, with the flags this sandboxed,
 * offline machine needs. Each call is a separate browser: two reviewers, two browsers.
 */
export async function launchBrowser(): Promise<{
  browser: BrowserContext
  close: () => Promise<void>
}> {
  const profile = mkdtempSync(join(tmpdir(), 'winnow-chromium-'))
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    viewport: { width: 1200, height: 800 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  return {
    browser,
    close: async () => {
      await browser.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}

/** The whole page, or one part of it (a locator) when the page is long. */
export async function screenshot(page: Page | Locator, name: string) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  const path = join(SCREENSHOT_DIR, `${name}.png`)
  if ('goto' in page) await page.screenshot({ path, fullPage: true })
  else await page.screenshot({ path })
}

/**
 * Collects console errors and uncaught exceptions in the page (CSP violations too). A 422 is
 * Winnow re-showing a form with its errors, which Chromium logs as a failed load: not an error.
 */
export function watchErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().includes('status of 422')) errors.push(m.text())
  })
  page.on('pageerror', (e) => errors.push(e.message))
  return errors
}
