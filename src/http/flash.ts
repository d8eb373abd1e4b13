import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'

const COOKIE = 'winnow_flash'

export interface Flash {
  kind: 'ok' | 'error'
  text: string
}

/** A one-shot message shown on the next page (after a redirect), kept in a short cookie. */
export function setFlash(c: Context, text: string, kind: Flash['kind'] = 'ok') {
  setCookie(c, COOKIE, JSON.stringify({ kind, text }), {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    maxAge: 60,
  })
}

export function takeFlash(c: Context): Flash | undefined {
  const value = getCookie(c, COOKIE)
  if (value === undefined) return undefined
  deleteCookie(c, COOKIE, { path: '/' })
  try {
    const parsed = JSON.parse(value) as Partial<Flash>
    if (typeof parsed.text !== 'string') return undefined
    return { kind: parsed.kind === 'error' ? 'error' : 'ok', text: parsed.text }
  } catch {
    return undefined
  }
}
