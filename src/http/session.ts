import type { Context, MiddlewareHandler } from 'hono'
import { getConnInfo } from '@hono/node-server/conninfo'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { createSession, deleteSession, findSessionUser } from '../queries/sessions.ts'
import { isHtmx } from './htmx.ts'
import type { AppEnv } from './types.ts'

export const SESSION_COOKIE = 'winnow_session'

/** Reads the session cookie into c.var.user (null when absent, unknown or expired). */
export function loadSession(): MiddlewareHandler<AppEnv> {
  return async function loadSession(c, next) {
    const token = getCookie(c, SESSION_COOKIE)
    const { db, now } = c.var.deps
    const user = token ? await findSessionUser(db.orm, token, now()) : undefined
    c.set('user', user ?? null)
    await next()
  }
}

/** Pages for signed-in people: others are sent to sign in (and back afterwards). */
export function requireUser(): MiddlewareHandler<AppEnv> {
  return async function requireUser(c, next) {
    if (c.var.user) return next()
    const back = c.req.method === 'GET' ? `?next=${encodeURIComponent(c.req.path)}` : ''
    if (isHtmx(c)) {
      c.header('HX-Redirect', `/login${back}`)
      return c.body(null, 401)
    }
    if (c.req.method !== 'GET') return c.text('Sign in first.', 401)
    return c.redirect(`/login${back}`, 303)
  }
}

export async function startSession(c: Context<AppEnv>, userId: number) {
  const { db, config, now } = c.var.deps
  const { token, expiresAt } = await db.write((tx) =>
    createSession(tx, userId, now(), config.sessionDays)
  )
  setCookie(c, SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: config.secureCookies,
    expires: new Date(expiresAt),
  })
}

export async function endSession(c: Context<AppEnv>) {
  const token = getCookie(c, SESSION_COOKIE)
  if (token) await c.var.deps.db.write((tx) => deleteSession(tx, token))
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: c.var.deps.config.secureCookies })
}

/** The caller's address, for throttling sign-ins; 'local' when there is no socket (tests). */
export function remoteAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'local'
  } catch {
    return 'local'
  }
}

/** Only same-site relative paths are followed after sign-in (no open redirect). */
export function safeNext(next: string | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return '/projects'
  }
  return next
}
