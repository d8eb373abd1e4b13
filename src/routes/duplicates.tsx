import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { notFound } from '../errors.ts'
import { access } from '../http/access.ts'
import { setFlash } from '../http/flash.ts'
import { readForm, type FieldErrors, type FormValues } from '../http/forms.ts'
import { chrome } from '../http/page.ts'
import type { AppEnv } from '../http/types.ts'
import {
  countDuplicates,
  duplicateHistory,
  listDuplicateGroups,
  mergeDuplicate,
  splitDuplicate,
} from '../queries/duplicates.ts'
import { DuplicatesPage } from '../views/duplicates.tsx'

const recordNumber = (label: string) =>
  z.coerce
    .number({ error: `${label}: enter a record number.` })
    .int(`${label}: enter a record number.`)
    .positive(`${label}: enter a record number.`)
const MergeForm = z.object({
  keep: recordNumber('Keep record'),
  duplicate: recordNumber('Its duplicate'),
})

async function render(c: Context<AppEnv>, state?: { values: FormValues; errors: FieldErrors }) {
  const { db } = c.var.deps
  const projectId = c.var.project.id
  const after = z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .catch(undefined)
    .parse(c.req.query('after'))
  const [page, total, history] = await Promise.all([
    listDuplicateGroups(db.orm, projectId, after),
    countDuplicates(db.orm, projectId),
    duplicateHistory(db.orm, projectId),
  ])
  const last = page.groups.at(-1)?.kept.id
  return c.html(
    <DuplicatesPage
      layout={chrome(c, 'Duplicates', 'duplicates')}
      projectId={projectId}
      total={total}
      groups={page.groups}
      next={
        page.more && last !== undefined
          ? `/projects/${projectId}/duplicates?after=${last}`
          : undefined
      }
      history={history}
      state={state}
    />,
    state ? 422 : 200
  )
}

export const duplicatesRoutes = new Hono<AppEnv>()
  .get('/projects/:id/duplicates', access('lead'), (c) => render(c))

  .post('/projects/:id/duplicates/merge', access('lead'), async (c) => {
    const form = await readForm(c, MergeForm)
    if (!form.ok) return render(c, form)
    const { db, now } = c.var.deps
    const merged = await db.write((tx) =>
      mergeDuplicate(tx, {
        projectId: c.var.project.id,
        keepId: form.data.keep,
        duplicateId: form.data.duplicate,
        userId: c.var.user!.id,
        now: now(),
      })
    )
    if (!merged.ok) return render(c, { values: form.values, errors: { _form: merged.message } })
    c.var.deps.ranking.scheduleProject(c.var.project.id)
    setFlash(c, `Record ${form.data.duplicate} is now a duplicate of record ${merged.value}.`)
    return c.redirect(`/projects/${c.var.project.id}/duplicates`, 303)
  })

  .post('/projects/:id/duplicates/:recordId/split', access('lead'), async (c) => {
    const recordId = z.coerce.number().int().positive().safeParse(c.req.param('recordId'))
    if (!recordId.success) throw notFound('Record')
    const { db, now } = c.var.deps
    const split = await db.write((tx) =>
      splitDuplicate(tx, {
        projectId: c.var.project.id,
        recordId: recordId.data,
        userId: c.var.user!.id,
        now: now(),
      })
    )
    if (!split.ok) {
      if (split.error === 'not_found') throw notFound('Record')
      setFlash(c, split.message, 'error')
    } else {
      c.var.deps.ranking.scheduleProject(c.var.project.id)
      setFlash(
        c,
        `Record ${recordId.data} is no longer a duplicate of record ${split.value}; it now enters screening.`
      )
    }
    return c.redirect(`/projects/${c.var.project.id}/duplicates`, 303)
  })
