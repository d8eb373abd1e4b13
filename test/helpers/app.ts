import { createApp, type App } from '../../src/app.tsx'
import type { Db } from '../../src/db/client.ts'
import type { Role } from '../../src/db/schema.ts'
import { createJobs, type Jobs } from '../../src/http/jobs.ts'
import type { AppConfig } from '../../src/http/types.ts'
import { addMember, createProject } from '../../src/queries/projects.ts'
import { insertUser } from '../../src/queries/users.ts'
import { hashPassword } from '../../src/security/password.ts'
import { freshDb, settleFirst } from './db.ts'

export const ORIGIN = 'http://localhost'
export const PASSWORD = 'correct horse battery'

let passwordHash: Promise<string> | undefined
/** Hashing is deliberately slow; tests share one hash of PASSWORD. */
const sharedHash = () => (passwordHash ??= hashPassword(PASSWORD))

export interface TestContext {
  app: App
  db: Db
  url: string
  dir: string
  clock: { now: number }
  /** Work requests started in the background (imports): await jobs.idle() before checking it. */
  jobs: Jobs
}

/** A fresh app on a fresh database, with a clock the test can move. */
export async function testApp(
  config: Partial<AppConfig> = {},
  scope: 'test' | 'file' = 'test'
): Promise<TestContext> {
  const { db, url, dir } = await freshDb(scope)
  const clock = { now: Date.UTC(2026, 10, 27, 9, 0, 0) }
  const jobs = createJobs((message, error) => {
    throw new Error(`${message} ${String(error)}`)
  })
  const app = createApp({ db, config: { dataDir: dir, ...config }, now: () => clock.now, jobs })
  // Background work (imports, ranking) ends before the database is closed and removed.
  settleFirst(scope, () => jobs.idle())
  return { app, db, url, dir, clock, jobs }
}

export async function makeUser(db: Db, email: string, name = email.split('@')[0] ?? email) {
  const row = { email, name, passwordHash: await sharedHash(), createdAt: 0, passwordChangedAt: 0 }
  const created = await db.write((tx) => insertUser(tx, row))
  if (!created.ok) throw new Error(created.message)
  return created.value
}

export async function makeProject(db: Db, ownerId: number, name = 'Evidence review') {
  return db.write((tx) => createProject(tx, { name, ownerId, now: Date.now() }))
}

export async function addToProject(db: Db, projectId: number, email: string, role: Role) {
  const added = await db.write((tx) =>
    addMember(tx, { projectId, email, role, byUserId: null, now: Date.now() })
  )
  if (!added.ok) throw new Error(added.message)
}

type Form = Record<string, string | string[]>

/**
 * A browser-like client over app.request(): keeps cookies, sends Origin on posts (as
 * browsers do), and does not follow redirects so tests see them.
 */
export class Client {
  private cookies = new Map<string, string>()
  /** address: the remote address the server sees (as a socket would give it). */
  constructor(
    private app: App,
    private address?: string
  ) {}

  async request(path: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers)
    if (this.cookies.size > 0) {
      headers.set('Cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '))
    }
    const env = this.address ? { incoming: { socket: { remoteAddress: this.address } } } : undefined
    const res = await this.app.request(path, { ...init, headers }, env)
    for (const line of res.headers.getSetCookie()) this.remember(line)
    return res
  }

  get(path: string, headers: Record<string, string> = {}) {
    return this.request(path, { headers })
  }

  post(path: string, form: Form = {}, headers: Record<string, string> = {}) {
    const body = new URLSearchParams()
    for (const [k, v] of Object.entries(form)) for (const one of [v].flat()) body.append(k, one)
    return this.request(path, {
      method: 'POST',
      body,
      headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    })
  }

  /** A multipart form post, as a browser sends a file upload. */
  upload(
    path: string,
    fields: Record<string, string>,
    files: { name: string; content: string | Uint8Array }[],
    fileField = 'files'
  ) {
    const form = new FormData()
    for (const [k, v] of Object.entries(fields)) form.append(k, v)
    for (const f of files) form.append(fileField, new Blob([f.content]), f.name)
    return this.request(path, { method: 'POST', body: form, headers: { Origin: ORIGIN } })
  }

  cookie(name: string) {
    return this.cookies.get(name)
  }

  private remember(line: string) {
    const [pair, ...attrs] = line.split(';')
    const eq = pair!.indexOf('=')
    const name = pair!.slice(0, eq).trim()
    const value = pair!.slice(eq + 1).trim()
    const expired = attrs.some(
      (a) => /max-age=0\b/i.test(a.trim()) || /expires=Thu, 01 Jan 1970/i.test(a)
    )
    if (expired || value === '') this.cookies.delete(name)
    else this.cookies.set(name, value)
  }
}

/** A signed-in client for an existing user. */
export async function signedIn(app: App, email: string): Promise<Client> {
  const client = new Client(app)
  const res = await client.post('/login', { email, password: PASSWORD })
  if (res.status !== 303) throw new Error(`sign-in as ${email} failed: ${res.status}`)
  return client
}
