import { describe, expect, it } from 'vitest'
import { loginAttempts, sessions } from '../../src/db/schema.ts'
import { PER_ACCOUNT, PER_ADDRESS, WINDOW_MS } from '../../src/queries/login-attempts.ts'
import { Client, makeUser, PASSWORD, signedIn, testApp } from '../helpers/app.ts'

describe('sign-in throttling', () => {
  it(`refuses an account after ${PER_ACCOUNT} failures, even with the right password, until the window passes`, async () => {
    const { app, db, clock } = await testApp()
    await makeUser(db, 'rev@example.org')
    const client = new Client(app, '10.0.0.1')
    for (let i = 0; i < PER_ACCOUNT; i++) {
      expect(
        (await client.post('/login', { email: 'rev@example.org', password: 'wrong one' })).status
      ).toBe(401)
    }
    const blocked = await client.post('/login', { email: 'REV@example.org', password: PASSWORD })
    expect(blocked.status).toBe(429)
    expect(blocked.headers.get('retry-after')).toBe(String(15 * 60))
    expect(await blocked.text()).toContain('Too many failed sign-ins. Try again in 15 minutes.')
    expect(await db.orm.$count(sessions)).toBe(0)
    // Other accounts from elsewhere are not affected.
    await makeUser(db, 'other@example.org')
    expect(
      (
        await new Client(app, '10.0.0.2').post('/login', {
          email: 'other@example.org',
          password: PASSWORD,
        })
      ).status
    ).toBe(303)
    clock.now += WINDOW_MS + 1
    expect(
      (await client.post('/login', { email: 'rev@example.org', password: PASSWORD })).status
    ).toBe(303)
  })

  it('clears an account’s failures after a successful sign-in', async () => {
    const { app, db } = await testApp()
    await makeUser(db, 'rev@example.org')
    const client = new Client(app, '10.0.0.1')
    for (let i = 0; i < PER_ACCOUNT - 1; i++)
      await client.post('/login', { email: 'rev@example.org', password: 'x' })
    expect(
      (await client.post('/login', { email: 'rev@example.org', password: PASSWORD })).status
    ).toBe(303)
    for (let i = 0; i < PER_ACCOUNT - 1; i++)
      await client.post('/login', { email: 'rev@example.org', password: 'x' })
    expect(
      (
        await new Client(app, '10.0.0.1').post('/login', {
          email: 'rev@example.org',
          password: PASSWORD,
        })
      ).status
    ).toBe(303)
  })

  it(`refuses an address after ${PER_ADDRESS} failures across accounts`, async () => {
    const { app, db } = await testApp()
    await makeUser(db, 'rev@example.org')
    const attacker = new Client(app, '203.0.113.9')
    for (let i = 0; i < PER_ADDRESS; i++) {
      await attacker.post('/login', { email: `guess${i}@example.org`, password: 'x' })
    }
    expect(
      (await attacker.post('/login', { email: 'rev@example.org', password: PASSWORD })).status
    ).toBe(429)
    expect(
      (
        await new Client(app, '198.51.100.7').post('/login', {
          email: 'rev@example.org',
          password: PASSWORD,
        })
      ).status
    ).toBe(303)
    expect(await db.orm.$count(loginAttempts)).toBeGreaterThan(0)
  })
})

describe('changing a password', () => {
  it('asks for the current password and refuses a weak or mismatched new one', async () => {
    const { app, db } = await testApp()
    await makeUser(db, 'rev@example.org')
    const client = await signedIn(app, 'rev@example.org')
    const wrong = await client.post('/account/password', {
      current: 'nope',
      password: 'a new long password',
      confirm: 'a new long password',
    })
    expect(wrong.status).toBe(422)
    expect(await wrong.text()).toContain('That is not your current password.')
    const weak = await client.post('/account/password', {
      current: PASSWORD,
      password: 'short',
      confirm: 'short',
    })
    expect(weak.status).toBe(422)
    const mismatch = await client.post('/account/password', {
      current: PASSWORD,
      password: 'a new long password',
      confirm: 'another one entirely',
    })
    expect(await mismatch.text()).toContain('The two passwords differ.')
  })

  it('ends every other session, keeps this one, and the old password stops working', async () => {
    const { app, db } = await testApp()
    await makeUser(db, 'rev@example.org')
    const here = await signedIn(app, 'rev@example.org')
    const elsewhere = await signedIn(app, 'rev@example.org')
    const res = await here.post('/account/password', {
      current: PASSWORD,
      password: 'a new long password',
      confirm: 'a new long password',
    })
    expect(res.status).toBe(303)
    expect((await here.get('/projects')).status).toBe(200)
    expect((await elsewhere.get('/projects')).status).toBe(303)
    expect(await db.orm.$count(sessions)).toBe(1)
    expect(
      (await new Client(app).post('/login', { email: 'rev@example.org', password: PASSWORD }))
        .status
    ).toBe(401)
    expect(
      (
        await new Client(app).post('/login', {
          email: 'rev@example.org',
          password: 'a new long password',
        })
      ).status
    ).toBe(303)
  })

  it('is only for signed-in people', async () => {
    const { app } = await testApp()
    expect((await new Client(app).get('/account')).status).toBe(303)
    expect((await new Client(app).post('/account/password', { current: 'x' })).status).toBe(401)
  })
})
