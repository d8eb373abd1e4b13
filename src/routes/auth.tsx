import { Hono } from 'hono'
import { z } from 'zod'
import { emailField, readForm, requiredText } from '../http/forms.ts'
import { setFlash } from '../http/flash.ts'
import { chrome } from '../http/page.ts'
import { endSession, remoteAddress, safeNext, startSession } from '../http/session.ts'
import type { AppEnv } from '../http/types.ts'
import { recordAttempt, throttled } from '../queries/login-attempts.ts'
import {
  countUsers,
  findUserByEmail,
  insertUser,
  normaliseEmail,
  prepareUser,
} from '../queries/users.ts'
import { decoyHash, MIN_PASSWORD_LENGTH, verifyPassword } from '../security/password.ts'
import { LoginPage, SetupPage } from '../views/auth.tsx'

export const passwordField = z
  .string({ error: 'Password is required.' })
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(200, 'Use at most 200 characters.')

const SetupForm = z
  .object({
    name: requiredText('Name', 200),
    email: emailField,
    password: passwordField,
    confirm: z.string({ error: 'Type the password again.' }),
  })
  .refine((f) => f.password === f.confirm, {
    path: ['confirm'],
    message: 'The two passwords differ.',
  })

const LoginForm = z.object({
  email: z.string().trim().min(1, 'Enter your email.'),
  password: z.string().min(1, 'Enter your password.'),
  next: z.string().optional(),
})

const WRONG_CREDENTIALS = 'That email and password do not match an account.'

export const auth = new Hono<AppEnv>()
  .get('/', async (c) => {
    if (c.var.user) return c.redirect('/projects', 303)
    const users = await countUsers(c.var.deps.db.orm)
    return c.redirect(users === 0 ? '/setup' : '/login', 303)
  })

  .get('/setup', async (c) => {
    if ((await countUsers(c.var.deps.db.orm)) > 0) return c.redirect('/login', 303)
    return c.html(<SetupPage layout={chrome(c, 'Create the first account')} />)
  })

  .post('/setup', async (c) => {
    const form = await readForm(c, SetupForm)
    const layout = () => chrome(c, 'Create the first account')
    if (!form.ok) return c.html(<SetupPage layout={layout()} state={form} />, 422)
    const { db, now } = c.var.deps
    const row = await prepareUser(form.data, now())
    // Checked inside the write: two people racing for the first account cannot both win.
    const created = await db.write(async (tx) =>
      (await countUsers(tx)) > 0 ? undefined : insertUser(tx, row)
    )
    if (!created) {
      setFlash(c, 'This installation already has an account: sign in.', 'error')
      return c.redirect('/login', 303)
    }
    if (!created.ok) {
      const state = { values: form.values, errors: { email: created.message } }
      return c.html(<SetupPage layout={layout()} state={state} />, 422)
    }
    await startSession(c, created.value.id)
    setFlash(c, `Welcome, ${created.value.name}. Create your first project below.`)
    return c.redirect('/projects', 303)
  })

  .get('/login', async (c) => {
    if (c.var.user) return c.redirect('/projects', 303)
    if ((await countUsers(c.var.deps.db.orm)) === 0) return c.redirect('/setup', 303)
    return c.html(<LoginPage layout={chrome(c, 'Sign in')} next={c.req.query('next')} />)
  })

  .post('/login', async (c) => {
    const form = await readForm(c, LoginForm)
    if (!form.ok) {
      return c.html(<LoginPage layout={chrome(c, 'Sign in')} state={form} />, 422)
    }
    const { db, now } = c.var.deps
    const email = normaliseEmail(form.data.email)
    const address = remoteAddress(c)
    const blocked = await throttled(db.orm, email, address, now())
    if (blocked) {
      const minutes = Math.max(1, Math.ceil((blocked.until - now()) / 60_000))
      const message = `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`
      const state = { values: { email: form.data.email }, errors: { _form: message } }
      c.header('Retry-After', String(minutes * 60))
      const page = <LoginPage layout={chrome(c, 'Sign in')} state={state} next={form.data.next} />
      return c.html(page, 429)
    }
    const user = await findUserByEmail(db.orm, email)
    // Verify against a decoy when the email is unknown, so the answer takes as long either way.
    const valid = await verifyPassword(
      user?.passwordHash ?? (await decoyHash()),
      form.data.password
    )
    await db.write((tx) => recordAttempt(tx, email, address, Boolean(user && valid), now()))
    if (!user || !valid) {
      const state = { values: { email: form.data.email }, errors: { _form: WRONG_CREDENTIALS } }
      const page = <LoginPage layout={chrome(c, 'Sign in')} state={state} next={form.data.next} />
      return c.html(page, 401)
    }
    await startSession(c, user.id)
    return c.redirect(safeNext(form.data.next), 303)
  })

  .post('/logout', async (c) => {
    await endSession(c)
    setFlash(c, 'You are signed out.')
    return c.redirect('/login', 303)
  })
