import { Hono, type Context } from 'hono'
import { fail, ok } from '../errors.ts'
import { access } from '../http/access.ts'
import { setFlash } from '../http/flash.ts'
import { readForm, type FieldErrors, type FormValues } from '../http/forms.ts'
import { chrome } from '../http/page.ts'
import type { AppEnv } from '../http/types.ts'
import { listMembers } from '../queries/projects.ts'
import {
  listCriteria,
  listReasons,
  saveCriteria,
  saveMode,
  saveRanking,
  saveReasons,
  saveResolvers,
  saveTerms,
  screeningStarted,
} from '../queries/settings.ts'
import { plural } from '../views/format.ts'
import { SettingsPage } from '../views/settings.tsx'
import { sharePercent } from '../views/settings-mode.tsx'
import type { SectionName } from '../views/settings-rows.tsx'
import {
  CriteriaForm,
  ModeForm,
  NOT_A_REVIEWER,
  RankingForm,
  parseMove,
  ReasonsForm,
  ResolversForm,
  TermsForm,
} from './settings-forms.ts'

type Rejected = { values: FormValues; errors: FieldErrors }

async function renderSettings(c: Context<AppEnv>, rejected?: Rejected & { section: SectionName }) {
  const { db } = c.var.deps
  const projectId = c.var.project.id
  const members = await listMembers(db.orm, projectId)
  return c.html(
    <SettingsPage
      layout={chrome(c, 'Settings', 'settings')}
      project={c.var.project}
      criteria={await listCriteria(db.orm, projectId)}
      reasons={await listReasons(db.orm, projectId, true)}
      reviewers={members.filter((m) => m.role === 'reviewer')}
      screeningStarted={await screeningStarted(db.orm, projectId)}
      state={rejected}
    />,
    rejected ? 422 : 200
  )
}

/** A mistake: the whole page again, this section showing what was posted and what is wrong. */
const reject = (c: Context<AppEnv>, section: SectionName, rejected: Rejected) =>
  renderSettings(c, { section, ...rejected })

const who = (c: Context<AppEnv>) => ({
  projectId: c.var.project.id,
  userId: c.var.user!.id,
  now: c.var.deps.now(),
})

function saved(c: Context<AppEnv>, message: string) {
  setFlash(c, message)
  return c.redirect(`/projects/${c.var.project.id}/settings`, 303)
}

export const settingsRoutes = new Hono<AppEnv>()
  .get('/projects/:id/settings', access('lead'), (c) => renderSettings(c))

  .post('/projects/:id/settings/criteria', access('lead'), async (c) => {
    const form = await readForm(c, CriteriaForm)
    if (!form.ok) return reject(c, 'criteria', form)
    const move = parseMove(form.values.move)
    const rows = form.data.map((r) => ({ ...r, description: r.text }))
    const from = rows.findIndex((r) => r.index === move?.index)
    const to = from + (move?.by ?? 0)
    const moved = move !== undefined && from >= 0 && to >= 0 && to < rows.length
    if (moved) [rows[from], rows[to]] = [rows[to]!, rows[from]!]
    await c.var.deps.db.write(async (tx) => {
      // An id from a stale page (deleted since) or another project makes a new criterion.
      const known = new Set((await listCriteria(tx, c.var.project.id)).map((r) => r.id))
      const kept = rows.map((r) => {
        const id = r.id !== undefined && known.delete(r.id) ? r.id : undefined
        return { ...r, id }
      })
      await saveCriteria(tx, who(c), kept)
    })
    return saved(c, moved ? 'Criterion moved.' : `Inclusion criteria saved (${rows.length}).`)
  })

  .post('/projects/:id/settings/terms', access('lead'), async (c) => {
    const form = await readForm(c, TermsForm)
    if (!form.ok) return reject(c, 'terms', form)
    await c.var.deps.db.write((tx) => saveTerms(tx, who(c), form.data))
    const { include, exclude } = form.data
    return saved(
      c,
      `Highlight terms saved: ${plural(include.length, 'include term')}, ${plural(exclude.length, 'exclude term')}.`
    )
  })

  .post('/projects/:id/settings/reasons', access('lead'), async (c) => {
    const form = await readForm(c, ReasonsForm)
    if (!form.ok) return reject(c, 'reasons', form)
    const done = await c.var.deps.db.write(async (tx) => {
      const existing = await listReasons(tx, c.var.project.id, true)
      const unposted = new Map(existing.map((r) => [r.id, r]))
      const stray = form.data.find((r) => r.id !== undefined && !unposted.delete(r.id))
      if (stray) return fail('stray', 'This form is out of date; reload the page and try again.')
      // A reason missing from the form keeps its label and state, after the others.
      const rows = [
        ...form.data,
        ...[...unposted.values()].map((r) => ({ ...r, retired: r.retiredAt !== null })),
      ]
      if (!rows.some((r) => !r.retired)) {
        return fail('none', 'Keep at least one reason in use: a full-text exclusion needs one.')
      }
      await saveReasons(tx, who(c), rows)
      return ok(null)
    })
    if (!done.ok)
      return reject(c, 'reasons', { values: form.values, errors: { _form: done.message } })
    return saved(c, 'Exclusion reasons saved.')
  })

  .post('/projects/:id/settings/mode', access('lead'), async (c) => {
    const form = await readForm(c, ModeForm)
    if (!form.ok) return reject(c, 'mode', form)
    const { calibrationPercent, ...mode } = form.data
    const current = c.var.project.calibrationShare
    // The form shows a whole percent: unchanged, it must not nudge the stored share.
    const calibrationShare =
      calibrationPercent === sharePercent(current) ? current : calibrationPercent / 100
    const done = await c.var.deps.db.write((tx) =>
      saveMode(tx, who(c), { ...mode, calibrationShare })
    )
    if (!done.ok) return reject(c, 'mode', { values: form.values, errors: { _form: done.message } })
    return saved(c, 'Screening mode saved.')
  })

  .post('/projects/:id/settings/ranking', access('lead'), async (c) => {
    const form = await readForm(c, RankingForm)
    if (!form.ok) return reject(c, 'ranking', form)
    const on = form.data.ranking
    await c.var.deps.db.write((tx) => saveRanking(tx, who(c), on))
    if (on) c.var.deps.ranking.scheduleProject(c.var.project.id)
    return saved(
      c,
      on
        ? 'Priority screening is on: each reviewer’s queue is reordered in the background.'
        : 'Priority screening is off: every queue is back in its random order.'
    )
  })

  .post('/projects/:id/settings/resolvers', access('lead'), async (c) => {
    const form = await readForm(c, ResolversForm)
    if (!form.ok) return reject(c, 'resolvers', form)
    const done = await c.var.deps.db.write(async (tx) => {
      const members = await listMembers(tx, c.var.project.id)
      const reviewers = new Set(members.filter((m) => m.role === 'reviewer').map((m) => m.userId))
      // A forged post must not make a lead, an outsider or nobody a resolver.
      if (!form.data.resolver.every((id) => reviewers.has(id)))
        return fail('forged', NOT_A_REVIEWER)
      await saveResolvers(tx, who(c), [...new Set(form.data.resolver)])
      return ok(null)
    })
    if (!done.ok)
      return reject(c, 'resolvers', { values: form.values, errors: { resolver: done.message } })
    return saved(c, 'Conflict resolvers saved.')
  })
