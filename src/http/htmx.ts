import type { Context } from 'hono'
import type { HtmlEscapedString } from 'hono/utils/html'
import type { AppEnv } from './types.ts'

type Html = HtmlEscapedString | Promise<HtmlEscapedString>

export const isHtmx = (c: Context) => c.req.header('HX-Request') === 'true'

/**
 * One component, two renderings: the whole page for a normal request, the fragment for htmx.
 * Vary tells caches the two differ.
 */
export function pageOrFragment(
  c: Context<AppEnv>,
  page: () => Html,
  fragment: () => Html,
  status: 200 | 422 = 200
) {
  c.header('Vary', 'HX-Request', { append: true })
  return c.html(isHtmx(c) ? fragment() : page(), status)
}

/** After a mutation that changes page: 303 for a form post, HX-Redirect for htmx. */
export function seeOther(c: Context, location: string) {
  if (isHtmx(c)) {
    c.header('HX-Redirect', location)
    return c.body(null, 204)
  }
  return c.redirect(location, 303)
}
