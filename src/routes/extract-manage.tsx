import { Hono, type Context } from 'hono'
import { z } from 'zod'
import type { FieldKind } from '../domain/extraction-codes.ts'
import { notFound } from '../errors.ts'
import { access } from '../http/access.ts'
import { setFlash } from '../http/flash.ts'
import { chrome } from '../http/page.ts'
import type { AppEnv } from '../http/types.ts'
import {
  addStudyField,
  moveStudyField,
  retireStudyField,
  studyFieldsOf,
  updateStudyField,
} from '../queries/extract-studies.ts'
import {
  addDeductiveThemes,
  mergeTheme,
  renameTheme,
  themeOverview,
} from '../queries/extract-themes.ts'
import { FieldsPage, ThemesPage } from '../views/extract-manage.tsx'

const lines = (v: unknown) => [
  ...new Set(
    String(typeof v === 'string' ? v : '')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean)
  ),
]
const name = z
  .string()
  .trim()
  .min(1, 'Give it a name.')
  .max(200, 'Keep the name under 200 characters.')

const idParam = (c: Context<AppEnv>, key: string) => {
  const id = Number(c.req.param(key))
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound()
  return id
}

async function themes(c: Context<AppEnv>, error?: { message: string }, status: 200 | 422 = 200) {
  const rows = await themeOverview(c.var.deps.db.orm, c.var.project.id)
  return c.html(
    <ThemesPage
      layout={chrome(c, 'Themes', 'extract')}
      projectId={c.var.project.id}
      themes={rows}
      isLead={c.var.member.role === 'lead'}
      error={error}
    />,
    status
  )
}

async function fields(c: Context<AppEnv>, error?: string, status: 200 | 422 = 200) {
  const rows = await studyFieldsOf(c.var.deps.db.orm, c.var.project.id)
  return c.html(
    <FieldsPage
      layout={chrome(c, 'Fields', 'extract')}
      projectId={c.var.project.id}
      fields={rows}
      error={error}
    />,
    status
  )
}

const lead = (c: Context<AppEnv>) => ({
  projectId: c.var.project.id,
  userId: c.var.user!.id,
  now: c.var.deps.now(),
})
const back = (c: Context<AppEnv>, what: 'themes' | 'fields') =>
  c.redirect(`/projects/${c.var.project.id}/extraction/${what}`, 303)

export const extractManageRoutes = new Hono<AppEnv>()
  .get('/projects/:id/extraction/themes', access('member'), (c) => themes(c))

  .post('/projects/:id/extraction/themes', access('lead'), async (c) => {
    const names = lines((await c.req.parseBody()).names)
    if (names.length === 0)
      return themes(c, { message: 'Type at least one theme, one per line.' }, 422)
    if (names.some((n) => n.length > 200))
      return themes(c, { message: 'Keep each theme under 200 characters.' }, 422)
    const added = await c.var.deps.db.write((tx) => addDeductiveThemes(tx, { ...lead(c), names }))
    setFlash(
      c,
      added === names.length
        ? `${added} themes added.`
        : `${added} themes added; the others existed already.`
    )
    return back(c, 'themes')
  })

  .post('/projects/:id/extraction/themes/:themeId/rename', access('lead'), async (c) => {
    const themeId = idParam(c, 'themeId')
    const parsed = name.safeParse((await c.req.parseBody()).name)
    if (!parsed.success) return themes(c, { message: parsed.error.issues[0]!.message }, 422)
    const renamed = await c.var.deps.db.write((tx) =>
      renameTheme(tx, { ...lead(c), themeId, name: parsed.data })
    )
    if (!renamed.ok) {
      if (renamed.error === 'not_found') throw notFound('Theme')
      return themes(c, { message: renamed.message }, 422)
    }
    setFlash(c, `Theme renamed to “${renamed.value.name}”.`)
    return back(c, 'themes')
  })

  .post('/projects/:id/extraction/themes/:themeId/merge', access('lead'), async (c) => {
    const themeId = idParam(c, 'themeId')
    const intoId = Number((await c.req.parseBody()).into)
    if (!Number.isSafeInteger(intoId) || intoId <= 0)
      return themes(c, { message: 'Choose the theme to merge into.' }, 422)
    const merged = await c.var.deps.db.write((tx) =>
      mergeTheme(tx, { ...lead(c), themeId, intoId })
    )
    if (!merged.ok) return themes(c, { message: merged.message }, 422)
    setFlash(c, `Themes merged: ${merged.value} findings moved.`)
    return back(c, 'themes')
  })

  .get('/projects/:id/extraction/fields', access('lead'), (c) => fields(c))

  .post('/projects/:id/extraction/fields', access('lead'), async (c) => {
    const body = await c.req.parseBody()
    const label = name.safeParse(body.label)
    const kind = z.enum(['text', 'number', 'one_of', 'many_of']).safeParse(body.kind)
    const options = lines(body.options)
    if (!label.success) return fields(c, label.error.issues[0]!.message, 422)
    if (!kind.success) return fields(c, 'Choose the kind of field.', 422)
    const isList = kind.data === 'one_of' || kind.data === 'many_of'
    if (isList && options.length === 0)
      return fields(c, 'A list field needs its options, one per line.', 422)
    await c.var.deps.db.write((tx) =>
      addStudyField(tx, lead(c), {
        label: label.data,
        kind: kind.data as FieldKind,
        options: isList ? options : [],
      })
    )
    setFlash(c, `Field “${label.data}” added.`)
    return back(c, 'fields')
  })

  .post('/projects/:id/extraction/fields/:fieldId', access('lead'), async (c) => {
    const body = await c.req.parseBody()
    const label = name.safeParse(body.label)
    if (!label.success) return fields(c, label.error.issues[0]!.message, 422)
    const updated = await c.var.deps.db.write((tx) =>
      updateStudyField(tx, lead(c), idParam(c, 'fieldId'), {
        label: label.data,
        options: lines(body.options),
      })
    )
    if (!updated.ok) throw notFound('Field')
    setFlash(c, 'Field saved; the values entered are kept.')
    return back(c, 'fields')
  })

  .post('/projects/:id/extraction/fields/:fieldId/move', access('lead'), async (c) => {
    const direction = (await c.req.parseBody()).direction === 'up' ? 'up' : 'down'
    await c.var.deps.db.write((tx) => moveStudyField(tx, lead(c), idParam(c, 'fieldId'), direction))
    return back(c, 'fields')
  })

  .post(
    '/projects/:id/extraction/fields/:fieldId/:action{retire|restore}',
    access('lead'),
    async (c) => {
      const retire = c.req.param('action') === 'retire'
      const done = await c.var.deps.db.write((tx) =>
        retireStudyField(tx, lead(c), idParam(c, 'fieldId'), retire)
      )
      if (!done.ok) throw notFound('Field')
      setFlash(
        c,
        retire ? 'Field retired; its values are kept and shown read-only.' : 'Field restored.'
      )
      return back(c, 'fields')
    }
  )
