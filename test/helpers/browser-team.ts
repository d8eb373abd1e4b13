import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { launchBrowser } from './browser.ts'
import { spawnCli } from './cli.ts'
import { startServer, type RunningServer } from './server.ts'

export const PASSWORD = 'a long passphrase'

/** The usual team: Lena leads; Ann and Bob review. */
const PEOPLE = [
  ['lena@example.org', 'Lena Lead', 'lead'],
  ['ann@example.org', 'Ann Assistant', 'reviewer'],
  ['bob@example.org', 'Bob Second', 'reviewer'],
] as const

export interface BrowserTeam {
  dir: string
  env: Record<string, string>
  projectId: string
  /** The real `winnow` command against this database; fails the test on a non-zero exit. */
  cli(args: string[], stdin?: string): Promise<string>
  /** Imports RIS text as one source, as `winnow import` does. */
  importRis(source: string, content: string, register?: boolean): Promise<string>
  /** Starts the real server (after the imports, as a team would). */
  serve(): Promise<RunningServer>
  server(): RunningServer
  /** A fresh Chromium, signed in through the login form. */
  signIn(email: string): Promise<Page>
  close(): Promise<void>
}

/** A database with the team and one project led by Lena, made with the real CLI. */
export async function browserTeam(projectName: string): Promise<BrowserTeam> {
  const dir = mkdtempSync(join(tmpdir(), 'winnow-browser-'))
  const env = { DATABASE_URL: `file:${join(dir, 'winnow.db')}`, DATA_DIR: dir }
  const closers: (() => Promise<void>)[] = []
  let running: RunningServer | undefined
  const cli = async (args: string[], stdin = '') => {
    const res = await spawnCli(args, env, stdin)
    expect(res.code, res.stderr).toBe(0)
    return res.stdout.trim()
  }
  for (const [email, name] of PEOPLE) {
    await cli(['user', 'add', '--email', email, '--name', name, '--password-stdin'], `${PASSWORD}\n`) // prettier-ignore
  }
  const projectId = await cli(['project', 'create', '--name', projectName, '--owner', PEOPLE[0][0]])
  for (const [email, , role] of PEOPLE.slice(1)) {
    await cli(['project', 'add-member', '--project', projectId, '--email', email, '--role', role])
  }
  const server = () => {
    if (!running) throw new Error('serve() first')
    return running
  }
  let files = 0
  return {
    dir,
    env,
    projectId,
    cli,
    async importRis(source, content, register = false) {
      const file = join(dir, `source-${files++}.ris`)
      writeFileSync(file, content)
      const flag = register ? ['--register'] : []
      return cli(['import', '--project', projectId, '--source', source, ...flag, file])
    },
    async serve() {
      running = await startServer(env)
      return running
    },
    server,
    async signIn(email) {
      const { browser, close } = await launchBrowser()
      closers.push(close)
      const page = await browser.newPage()
      await page.goto(`${server().url}/login`)
      await page.getByLabel('Email').fill(email)
      await page.getByLabel('Password').fill(PASSWORD)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.waitForURL(/\/projects$/)
      return page
    },
    async close() {
      for (const close of closers) await close()
      await running?.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
