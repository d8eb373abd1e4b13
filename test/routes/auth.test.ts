import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { sessions, users } from '../../src/db/schema.ts'
import { SESSION_COOKIE } from '../../src/http/session.ts'
import { Client, makeUser, PASSWORD, signedIn, testApp } from '../helpers/app.ts'

const FIRST = {
  name: 'Ada Lovelace',
  email: 'Ada@Example.org ',
  password: 'a long passphrase',
  confirm: 'a long passphrase',
}

describe('first account', () => {
  it('sends an empty installation from / to the setup page', async () => {
    const { app } = await testApp()
    const res = await app.request('/')
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/setup')
    const page = await app.request('/setup')
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Create the first account')
  })

  it('creates the account, signs it in and goes to the projects page', async () => {
    const { app, db } = await testApp()
    const client = new Client(app)
    const res = await client.post('/setup', FIRST)
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/projects')
    const [user] = await db.orm.select().from(users)
    expect(user?.email).toBe('ada@example.org')
    expect(user?.passwordHash).toMatch(/^\$argon2id\$/)
    expect(user?.passwordHash).not.toContain(FIRST.password)
    const projects = await client.get('/projects')
    expect(projects.status).toBe(200)
    expect(await projects.text()).toContain('Ada Lovelace')
  })

  it('re-renders the form with inline errors and 422 when the input is wrong', async () => {
    const { app, db } = await testApp()
    const res = await new Client(app).post('/setup', {
      ...FIRST,
      email: 'not-an-email',
      confirm: 'different one',
    })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('Enter an email address')
    expect(html).toContain('The two passwords differ.')
    expect(html).toContain('value="Ada Lovelace"')
    expect(html).not.toContain(FIRST.password)
    expect(await db.orm.$count(users)).toBe(0)
  })

  it('is closed once an account exists', async () => {
    const { app, db } = await testApp()
    await makeUser(db, 'first@example.org')
    expect((await app.request('/setup')).headers.get('location')).toBe('/login')
    const res = await new Client(app).post('/setup', { ...FIRST, email: 'intruder@example.org' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/login')
    expect(await db.orm.$count(users)).toBe(1)
  })

  it('lets only one of two simultaneous setups win', async () => {
    const { app, db } = await testApp()
    await Promise.all([
      new Client(app).post('/setup', { ...FIRST, email: 'one@example.org' }),
      new Client(app).post('/setup', { ...FIRST, email: 'two@example.org' }),
    ])
    expect(await db.orm.$count(users)).toBe(1)
  })
})

describe('sign in and out', () => {
  it('signs in with email in any case and sets a safe session cookie', async () => {
    const { app, db, clock } = await testApp()
    await makeUser(db, 'rev@example.org')
    const client = new Client(app)
    const res = await client.post('/login', { email: ' REV@example.org', password: PASSWORD })
    expect(res.status).toBe(303)
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Lax/i)
    expect(cookie).toMatch(/Path=\//)
    const expires = Date.parse(/Expires=([^;]+)/i.exec(cookie)![1]!)
    expect(expires - clock.now).toBeGreaterThan(13 * 86400_000)
    expect(expires - clock.now).toBeLessThanOrEqual(14 * 86400_000)
    // Only a hash of the token is stored.
    const [session] = await db.orm.select().from(sessions)
    expect(session?.id).not.toBe(client.cookie(SESSION_COOKIE))
    expect((await client.get('/projects')).status).toBe(200)
  })

  it.each([
    ['a wrong password', 'rev@example.org', 'not the password'],
    ['an unknown email', 'nobody@example.org', PASSWORD],
  ])('answers %s with the same generic message and no session', async (_, email, password) => {
    const { app, db } = await testApp()
    await makeUser(db, 'rev@example.org')
    const client = new Client(app)
    const res = await client.post('/login', { email, password })
    expect(res.status).toBe(401)
    const html = await res.text()
    expect(html).toContain('That email and password do not match an account.')
    expect(res.headers.getSetCookie().some((c) => c.startsWith(SESSION_COOKIE))).toBe(false)
    expect(await db.orm.$count(sessions)).toBe(0)
    expect((await client.get('/projects')).status).toBe(303)
  })

  it('follows ?next= to a local page only', async () => {
    const { app, db } = await testApp()
    await makeUser(db, 'rev@example.org')
    const local = await new Client(app).post('/login', {
      email: 'rev@example.org',
      password: PASSWORD,
      next: '/projects/7',
    })
    expect(local.headers.get('location')).toBe('/projects/7')
    for (const next of ['https://evil.example', '//evil.example', '/\\evil.example']) {
      const res = await new Client(app).post('/login', {
        email: 'rev@example.org',
        password: PASSWORD,
        next,
      })
      expect(res.headers.get('location')).toBe('/projects')
    }
  })

  it('sends a signed-out visitor to sign in, and back afterwards', async () => {
    const { app, db } = await testApp()
    await makeUser(db, 'rev@example.org')
    const res = await app.request('/projects')
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/login?next=%2Fprojects')
  })

  it('ends the session on sign-out, on the server too', async () => {
    const { app, db } = await testApp()
    await makeUser(db, 'rev@example.org')
    const client = await signedIn(app, 'rev@example.org')
    const token = client.cookie(SESSION_COOKIE)!
    const res = await client.post('/logout')
    expect(res.status).toBe(303)
    expect(await db.orm.$count(sessions)).toBe(0)
    // Replaying the old cookie gets nothing.
    const replay = await app.request('/projects', {
      headers: { Cookie: `${SESSION_COOKIE}=${token}` },
    })
    expect(replay.status).toBe(303)
  })

  it('expires sessions after the configured days', async () => {
    const { app, db, clock } = await testApp({ sessionDays: 1 })
    await makeUser(db, 'rev@example.org')
    const client = await signedIn(app, 'rev@example.org')
    clock.now += 23 * 3600_000
    expect((await client.get('/projects')).status).toBe(200)
    clock.now += 2 * 3600_000
    expect((await client.get('/projects')).status).toBe(303)
  })

  it('drops sessions older than a password change', async () => {
    const { app, db, clock } = await testApp()
    const user = await makeUser(db, 'rev@example.org')
    const client = await signedIn(app, 'rev@example.org')
    await db.write((tx) =>
      tx
        .update(users)
        .set({ passwordChangedAt: clock.now + 1 })
        .where(eq(users.id, user.id))
    )
    expect((await client.get('/projects')).status).toBe(303)
  })
})
