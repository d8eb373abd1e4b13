import { Hono, type Context } from 'hono'
import { z } from 'zod'
import {
  ASPECTS,
  COMB,
  DIRECTIONS,
  FINDING_KINDS,
  LEVELS,
  STAKEHOLDERS,
} from '../domain/extraction-codes.ts'
import { shortRefs } from '../domain/synthesis.ts'
import { notFound } from '../errors.ts'
import { access } from '../http/access.ts'
import { setFlash } from '../http/flash.ts'
import type { FieldErrors, FormValues } from '../http/forms.ts'
import { isHtmx } from '../http/htmx.ts'
import { chrome } from '../http/page.ts'
import type { AppEnv } from '../http/types.ts'
import {
  addRow,
  deleteRow,
  listFindings,
  listToolkits,
  toolkitNames,
  updateRow,
  verifyRow,
  type FindingInput,
  type RowKind,
  type ToolkitInput,
} from '../queries/extract-rows.ts'
import {
  includedStudies,
  includedStudy,
  saveStudyValues,
  studyFieldsOf,
  studyValuesOf,
} from '../queries/extract-studies.ts'
import { activeThemes } from '../queries/extract-themes.ts'
import { FindingsSection, ToolkitsSection, type RowState } from '../views/extract-rows.tsx'
import { StudiesPage } from '../views/extract-manage.tsx'
import { StudyPage } from '../views/extract-study.tsx'
import { studyCharacteristics } from './extract-characteristics.ts'

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, `${label} is required.`)
    .max(max, `${label}: at most ${max} characters.`)
const choice = <T extends Record<string, string>>(label: string, options: T) =>
  z.enum(Object.keys(options) as [keyof T & string, ...(keyof T & string)[]], {
    error: `Choose the ${label}.`,
  })

const FindingForm = z.object({
  kind: choice('kind', FINDING_KINDS),
  comB: choice('COM-B component', COMB),
  level: choice('level', LEVELS),
  stakeholder: choice('stakeholder', STAKEHOLDERS),
  theme: text('Theme', 200),
  evidence: text('Evidence', 4000),
  page: z.string().trim().max(40, 'Page: at most 40 characters.').default(''),
})
const ToolkitForm = z.object({
  toolkit: text('Toolkit or guide', 200),
  aspect: choice('aspect', ASPECTS),
  direction: choice('direction', DIRECTIONS),
  finding: text('Finding', 4000),
  design: z.string().trim().max(200, 'Design: at most 200 characters.').default(''),
})

const idParam = (c: Context<AppEnv>, name: string) => {
  const id = Number(c.req.param(name))
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound()
  return id
}

async function study(c: Context<AppEnv>) {
  const id = idParam(c, 'recordId')
  const record = await includedStudy(c.var.deps.db.orm, c.var.project.id, id)
  if (!record) throw notFound('Included study')
  return record
}

/** "Author 2020" for each included study ("2020a", "2020b" where two would read the same). */
const studyRefs = (studies: { id: number; authors: string[]; year: number | null }[]) =>
  shortRefs(
    studies.map((s) => ({
      recordId: s.id,
      firstAuthor: s.authors[0] ?? null,
      year: s.year,
      settings: [],
    }))
  )

/** Renders the study page, or for htmx just the rows section that changed. */
async function respond(
  c: Context<AppEnv>,
  recordId: number,
  states: {
    finding?: RowState
    toolkit?: RowState
    characteristics?: Parameters<typeof StudyPage>[0]['characteristics']
  } = {},
  status: 200 | 422 = 200,
  only?: RowKind
) {
  const { db } = c.var.deps
  const projectId = c.var.project.id
  const base = `/projects/${projectId}/extraction/${recordId}`
  const meId = c.var.user!.id
  const findingRows = async () =>
    (await listFindings(db.orm, projectId, recordId)).map((f) => ({
      ...f.row,
      theme: f.theme,
      extractedBy: f.extractedBy,
      extractedById: f.row.extractedBy,
      verifiedBy: f.verifiedBy,
    }))
  const toolkitRows = async () =>
    (await listToolkits(db.orm, projectId, recordId)).map((k) => ({
      ...k.row,
      extractedBy: k.extractedBy,
      extractedById: k.row.extractedBy,
      verifiedBy: k.verifiedBy,
    }))
  const themeNames = async () => (await activeThemes(db.orm, projectId)).map((t) => t.name)
  c.header('Vary', 'HX-Request', { append: true })
  // An htmx change to one kind of row gets that section back, and reads only what it shows.
  if (isHtmx(c) && only === 'finding') {
    const [findings, themes] = await Promise.all([findingRows(), themeNames()])
    const state = states.finding ?? {}
    return c.html(
      <FindingsSection base={base} rows={findings} meId={meId} state={state} themes={themes} />,
      status
    )
  }
  if (isHtmx(c) && only === 'toolkit') {
    const [toolkits, names] = await Promise.all([toolkitRows(), toolkitNames(db.orm, projectId)])
    const state = states.toolkit ?? {}
    return c.html(
      <ToolkitsSection base={base} rows={toolkits} meId={meId} state={state} names={names} />,
      status
    )
  }
  const [record, findings, toolkits, themes, names, fields, values, studies] = await Promise.all([
    includedStudy(db.orm, projectId, recordId),
    findingRows(),
    toolkitRows(),
    themeNames(),
    toolkitNames(db.orm, projectId),
    studyFieldsOf(db.orm, projectId),
    studyValuesOf(db.orm, recordId),
    includedStudies(db.orm, projectId),
  ])
  const refs = studyRefs(studies)
  return c.html(
    <StudyPage
      layout={chrome(c, refs.get(recordId) ?? 'Study', 'extract')}
      projectId={projectId}
      ref={refs.get(recordId) ?? ''}
      record={record!}
      fields={fields}
      values={values}
      characteristics={states.characteristics}
      findings={findings}
      toolkits={toolkits}
      themes={themes}
      toolkitNames={names}
      meId={meId}
      findingState={states.finding ?? {}}
      toolkitState={states.toolkit ?? {}}
    />,
    status
  )
}

function stringValues(body: Record<string, unknown>): FormValues {
  const out: FormValues = {}
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v
  return out
}

function errorsOf(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {}
  for (const issue of error.issues) errors[String(issue.path[0])] ??= issue.message
  return errors
}

/** Add or edit a row of either kind; the response is the section (htmx) or a redirect. */
function saveRow(kind: RowKind, mode: 'add' | 'edit') {
  return async (c: Context<AppEnv>) => {
    const record = await study(c)
    const rowId = mode === 'edit' ? idParam(c, 'rowId') : undefined
    const body = await c.req.parseBody()
    const form = (kind === 'finding' ? FindingForm : ToolkitForm).safeParse(body)
    const editing = rowId ?? 'new'
    if (!form.success) {
      const state = { editing, values: stringValues(body), errors: errorsOf(form.error) }
      return respond(c, record.id, { [kind]: state }, 422, kind)
    }
    const { db, now } = c.var.deps
    const who = {
      projectId: c.var.project.id,
      recordId: record.id,
      userId: c.var.user!.id,
      now: now(),
    }
    const data = form.data as FindingInput | ToolkitInput
    const saved = await db.write(async (tx) => {
      if (rowId === undefined) return (await addRow(tx, kind, who, data), { ok: true as const })
      return updateRow(tx, kind, who, rowId, data)
    })
    if (!saved.ok) throw notFound('Row')
    if (!isHtmx(c))
      return c.redirect(`/projects/${c.var.project.id}/extraction/${record.id}#${kind}s`, 303)
    return respond(c, record.id, { [kind]: { focusNew: mode === 'add' } }, 200, kind)
  }
}

function rowAction(kind: RowKind, action: 'delete' | 'verify') {
  return async (c: Context<AppEnv>) => {
    const record = await study(c)
    const rowId = idParam(c, 'rowId')
    const { db, now } = c.var.deps
    const who = {
      projectId: c.var.project.id,
      recordId: record.id,
      userId: c.var.user!.id,
      now: now(),
    }
    const done = await db.write((tx) =>
      action === 'delete' ? deleteRow(tx, kind, who, rowId) : verifyRow(tx, kind, who, rowId)
    )
    if (!done.ok && done.error === 'not_found') throw notFound('Row')
    if (!isHtmx(c)) {
      if (!done.ok) setFlash(c, done.message, 'error')
      return c.redirect(`/projects/${c.var.project.id}/extraction/${record.id}#${kind}s`, 303)
    }
    const state: RowState = done.ok ? {} : { errors: { _form: done.message } }
    return respond(c, record.id, { [kind]: state }, done.ok ? 200 : 422, kind)
  }
}

export const extractRoutes = new Hono<AppEnv>()
  .get('/projects/:id/extraction', access('member'), async (c) => {
    const studies = await includedStudies(c.var.deps.db.orm, c.var.project.id)
    const refs = studyRefs(studies)
    return c.html(
      <StudiesPage
        layout={chrome(c, 'Extraction', 'extract')}
        projectId={c.var.project.id}
        studies={studies.map((s) => ({ ...s, ref: refs.get(s.id) ?? '' }))}
        isLead={c.var.member.role === 'lead'}
      />
    )
  })

  .get('/projects/:id/extraction/:recordId{[0-9]+}', access('member'), async (c) => {
    const record = await study(c)
    const edit = /^(finding|toolkit):(\d+)$/.exec(c.req.query('edit') ?? '')
    const kind = edit?.[1] as RowKind | undefined
    const state = edit ? { [kind!]: { editing: Number(edit[2]) } } : {}
    return respond(c, record.id, state, 200, kind)
  })

  .post(
    '/projects/:id/extraction/:recordId{[0-9]+}/characteristics',
    access('member'),
    async (c) => {
      const record = await study(c)
      const fields = await studyFieldsOf(c.var.deps.db.orm, c.var.project.id, false)
      const stored = await studyValuesOf(c.var.deps.db.orm, record.id)
      const result = studyCharacteristics(fields, await c.req.parseBody({ all: true }), stored)
      if (!result.ok) return respond(c, record.id, { characteristics: result.typed }, 422)
      const { db, now } = c.var.deps
      await db.write((tx) =>
        saveStudyValues(
          tx,
          { projectId: c.var.project.id, recordId: record.id, userId: c.var.user!.id, now: now() },
          result.values
        )
      )
      setFlash(c, 'Study characteristics saved.')
      return c.redirect(`/projects/${c.var.project.id}/extraction/${record.id}`, 303)
    }
  )

  .post(
    '/projects/:id/extraction/:recordId{[0-9]+}/findings',
    access('member'),
    saveRow('finding', 'add')
  )
  .post(
    '/projects/:id/extraction/:recordId{[0-9]+}/findings/:rowId',
    access('member'),
    saveRow('finding', 'edit')
  )
  .post(
    '/projects/:id/extraction/:recordId{[0-9]+}/findings/:rowId/delete',
    access('member'),
    rowAction('finding', 'delete')
  )
  .post(
    '/projects/:id/extraction/:recordId{[0-9]+}/findings/:rowId/verify',
    access('member'),
    rowAction('finding', 'verify')
  )
  .post(
    '/projects/:id/extraction/:recordId{[0-9]+}/toolkits',
    access('member'),
    saveRow('toolkit', 'add')
  )
  .post(
    '/projects/:id/extraction/:recordId{[0-9]+}/toolkits/:rowId',
    access('member'),
    saveRow('toolkit', 'edit')
  )
  .post(
    '/projects/:id/extraction/:recordId{[0-9]+}/toolkits/:rowId/delete',
    access('member'),
    rowAction('toolkit', 'delete')
  )
  .post(
    '/projects/:id/extraction/:recordId{[0-9]+}/toolkits/:rowId/verify',
    access('member'),
    rowAction('toolkit', 'verify')
  )
