import { describe, expect, it } from 'vitest'
import { makeProject, makeUser, signedIn, testApp } from '../helpers/app.ts'

describe('CSRF protection', () => {
  it.each([
    ['a cross-origin form post', { Origin: 'https://evil.example' }],
    ['a cross-site fetch', { 'Sec-Fetch-Site': 'cross-site' }],
    ['a form post with neither Origin nor Sec-Fetch-Site', {}],
  ])('refuses %s with 403 and changes nothing', async (_, headers: Record<string, string>) => {
    const { app, db } = await testApp()
    await makeUser(db, 'lead@example.org')
    const client = await signedIn(app, 'lead@example.org')
    const res = await client.request('/projects', {
      method: 'POST',
      body: new URLSearchParams({ name: 'Forged' }),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    })
    expect(res.status).toBe(403)
    expect((await client.get('/projects').then((r) => r.text())).includes('Forged')).toBe(false)
  })

  it('refuses a cross-origin sign-in post (login CSRF)', async () => {
    const { app, db } = await testApp()
    await makeUser(db, 'lead@example.org')
    const res = await app.request('/login', {
      method: 'POST',
      body: new URLSearchParams({ email: 'lead@example.org', password: 'x' }),
      headers: {
        Origin: 'https://evil.example',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
    })
    expect(res.status).toBe(403)
  })

  it('accepts a same-origin post, and a configured public origin behind a proxy', async () => {
    const { app, db } = await testApp({ trustedOrigins: ['https://winnow.example.ac.uk'] })
    await makeUser(db, 'lead@example.org')
    const client = await signedIn(app, 'lead@example.org')
    expect((await client.post('/projects', { name: 'Same origin' })).status).toBe(303)
    const proxied = await client.post(
      '/projects',
      { name: 'Via proxy' },
      { Origin: 'https://winnow.example.ac.uk' }
    )
    expect(proxied.status).toBe(303)
  })
})

describe('secure headers and escaping', () => {
  it('sends a strict content security policy and the usual hardening headers', async () => {
    const { app } = await testApp()
    const res = await app.request('/setup')
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toMatch(/script-src[^;]*unsafe/)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN')
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
  })

  it('starts every page with a doctype', async () => {
    const { app } = await testApp()
    expect(await (await app.request('/setup')).text()).toMatch(/^<!DOCTYPE html>/)
  })

  it('shows names and project text as text, never as markup', async () => {
    const { app, db } = await testApp()
    const xss = '<script>alert(1)</script><img src=x onerror=alert(2)>'
    const user = await makeUser(db, 'lead@example.org', `Eve ${xss}`)
    const project = await makeProject(db, user.id, `Review ${xss}`)
    const client = await signedIn(app, 'lead@example.org')
    for (const path of [
      '/projects',
      `/projects/${project.id}`,
      `/projects/${project.id}/members`,
    ]) {
      const html = await (await client.get(path)).text()
      expect(html).not.toContain('<script>alert')
      expect(html).not.toContain('<img src=x')
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    }
  })

  it('re-shows a rejected value escaped', async () => {
    const { app, db } = await testApp()
    const lead = await makeUser(db, 'lead@example.org')
    const project = await makeProject(db, lead.id)
    const client = await signedIn(app, 'lead@example.org')
    const res = await client.post(`/projects/${project.id}/members`, {
      email: '"><script>x()</script>',
      role: 'reviewer',
    })
    expect(res.status).toBe(422)
    expect(await res.text()).not.toContain('<script>x()')
  })

  it('serves htmx 4.0.1 from this server, cached for good', async () => {
    const { app } = await testApp()
    const page = await (await app.request('/setup')).text()
    const src = /<script src="([^"]*htmx[^"]*)"/.exec(page)?.[1]
    expect(src).toBe('/public/htmx-4.0.1.min.js')
    const res = await app.request(src!)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toContain('immutable')
    expect(await res.text()).toContain('4.0.1')
  })

  it('serves the stylesheet', async () => {
    const { app } = await testApp()
    const res = await app.request('/public/app.css')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/css')
  })
})
