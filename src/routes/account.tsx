import { eq } from 'drizzle-orm'
import { Hono } from 'hono'
import { z } from 'zod'
import { users } from '../db/schema.ts'
import { setFlash } from '../http/flash.ts'
import { readForm } from '../http/forms.ts'
import { chrome } from '../http/page.ts'
import { requireUser, startSession } from '../http/session.ts'
import type { AppEnv } from '../http/types.ts'
import { audit } from '../queries/audit.ts'
import { deleteUserSessions } from '../queries/sessions.ts'
import { hashPassword, verifyPassword } from '../security/password.ts'
import { AccountPage } from '../views/account.tsx'
import { passwordField } from './auth.tsx'

const PasswordForm = z
  .object({
    current: z
      .string({ error: 'Enter your current password.' })
      .min(1, 'Enter your current password.'),
    password: passwordField,
    confirm: z.string({ error: 'Type the new password again.' }),
  })
  .refine((f) => f.password === f.confirm, {
    path: ['confirm'],
    message: 'The two passwords differ.',
  })

export const accountRoutes = new Hono<AppEnv>()
  .use('/account', requireUser())
  .use('/account/*', requireUser())
  .get('/account', (c) =>
    c.html(<AccountPage layout={chrome(c, 'Your account')} user={c.var.user!} />)
  )

  .post('/account/password', async (c) => {
    const user = c.var.user!
    const form = await readForm(c, PasswordForm)
    const page = (state: { values: Record<string, string>; errors: Record<string, string> }) =>
      c.html(<AccountPage layout={chrome(c, 'Your account')} user={user} state={state} />, 422)
    if (!form.ok) return page({ values: {}, errors: form.errors as Record<string, string> })
    if (!(await verifyPassword(user.passwordHash, form.data.current))) {
      return page({ values: {}, errors: { current: 'That is not your current password.' } })
    }
    const { db, now } = c.var.deps
    const passwordHash = await hashPassword(form.data.password)
    await db.write(async (tx) => {
      await tx
        .update(users)
        .set({ passwordHash, passwordChangedAt: now() })
        .where(eq(users.id, user.id))
      // Every session ends, this one too; a fresh one follows below.
      await deleteUserSessions(tx, user.id)
      await audit(tx, {
        projectId: null,
        userId: user.id,
        action: 'account.password',
        detail: {},
        at: now(),
      })
    })
    await startSession(c, user.id)
    setFlash(c, 'Your password is changed. You are signed out everywhere else.')
    return c.redirect('/account', 303)
  })
