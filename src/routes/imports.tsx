import { Hono, type Context } from 'hono'
import { mkdirSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { users } from '../db/schema.ts'
import { notFound } from '../errors.ts'
import { access } from '../http/access.ts'
import { setFlash } from '../http/flash.ts'
import type { FieldErrors, FormValues } from '../http/forms.ts'
import { pageOrFragment } from '../http/htmx.ts'
import { chrome } from '../http/page.ts'
import type { AppEnv } from '../http/types.ts'
import { runImport, startImport } from '../import/pipeline.ts'
import { removeImport } from '../import/remove.ts'
import { receiveUpload } from '../import/upload.ts'
import {
  recoverStaleImports,
  STALE_AFTER_MS,
  importHasDecisions,
  importReport,
  listImports,
  listWarnings,
  findImport,
} from '../queries/imports.ts'
import { ImportPage, ImportsPage, ImportStatus } from '../views/imports.tsx'

const ImportForm = z.object({
  source: z
    .string({ error: 'Name the source, e.g. Scopus.' })
    .trim()
    .min(1, 'Name the source, e.g. Scopus.')
    .max(200, 'Keep the source name under 200 characters.'),
  kind: z
    .enum(['database', 'register'], { error: 'Choose database or register.' })
    .default('database'),
})

async function renderImports(
  c: Context<AppEnv>,
  state?: { values: FormValues; errors: FieldErrors },
  status: 200 | 413 | 422 = 200
) {
  const { db, config } = c.var.deps
  const projectId = c.var.project.id
  const rows = await listImports(db.orm, projectId)
  const names = await db.orm.select({ id: users.id, name: users.name }).from(users)
  const nameOf = new Map(names.map((u) => [u.id, u.name]))
  const items = await Promise.all(
    rows.map(async (row) => ({
      ...row,
      byName: row.createdBy === null ? null : (nameOf.get(row.createdBy) ?? null),
      removable: row.status !== 'running' && !(await importHasDecisions(db.orm, row.id)),
    }))
  )
  const known = [...new Set(rows.filter((r) => r.status === 'complete').map((r) => r.sourceName))]
  return c.html(
    <ImportsPage
      layout={chrome(c, 'Imports', 'imports')}
      projectId={projectId}
      imports={items}
      isLead={c.var.member.role === 'lead'}
      maxMb={Math.round(config.maxUploadBytes / 1048576)}
      knownSources={known}
      state={state}
    />,
    status
  )
}

function importId(c: Context<AppEnv>): number {
  const id = Number(c.req.param('importId'))
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound('Import')
  return id
}

export const importsRoutes = new Hono<AppEnv>()
  .get('/projects/:id/imports', access('member'), (c) => renderImports(c))

  .post('/projects/:id/imports', access('lead'), async (c) => {
    const { db, config, now, jobs, ranking } = c.var.deps
    const projectId = c.var.project.id
    const tmp = join(config.dataDir, 'uploads')
    const upload = await receiveUpload(c.req.raw, tmp, config.maxUploadBytes)
    if (!upload.ok) {
      return renderImports(
        c,
        { values: {}, errors: { files: upload.message } },
        upload.error === 'too_large' ? 413 : 422
      )
    }
    const { fields, files, dir } = upload.value
    const form = ImportForm.safeParse(fields)
    const errors: FieldErrors = {}
    if (!form.success) for (const i of form.error.issues) errors[String(i.path[0])] ??= i.message
    if (files.length === 0) errors.files = 'Choose at least one file to import.'
    if (!form.success || files.length === 0) {
      rmSync(dir, { recursive: true, force: true })
      return renderImports(c, { values: fields, errors }, 422)
    }
    const request = {
      projectId,
      sourceName: form.data.source,
      sourceKind: form.data.kind,
      files,
      userId: c.var.user!.id,
    }
    const started = await startImport({ db, now }, request)
    if (!started.ok) {
      rmSync(dir, { recursive: true, force: true })
      return renderImports(c, { values: fields, errors: { files: started.message } }, 422)
    }
    // The uploaded files are kept with the project: the search results as the team received them.
    const keep = join(config.dataDir, 'imports', String(started.value.id))
    mkdirSync(join(config.dataDir, 'imports'), { recursive: true })
    renameSync(dir, keep)
    const kept = files.map((f) => ({ ...f, path: join(keep, f.path.slice(dir.length + 1)) }))
    jobs.start(`import ${started.value.id}`, async () => {
      await runImport({ db, now }, started.value, { ...request, files: kept })
      // New records wait in every queue: rank them among the rest.
      ranking.scheduleProject(projectId)
    })
    return c.redirect(`/projects/${projectId}/imports/${started.value.id}`, 303)
  })

  .get('/projects/:id/imports/:importId', access('member'), async (c) => {
    const { db, now } = c.var.deps
    const projectId = c.var.project.id
    let imp = await findImport(db.orm, projectId, importId(c))
    if (imp?.status === 'running' && imp.heartbeatAt < now() - STALE_AFTER_MS) {
      await db.write((tx) => recoverStaleImports(tx, now()))
      imp = await findImport(db.orm, projectId, imp.id)
    }
    if (!imp) throw notFound('Import')
    const found = imp
    const report =
      imp.status === 'complete'
        ? { ...(await importReport(db.orm, imp.id)), warnings: await listWarnings(db.orm, imp.id) }
        : undefined
    const props = { projectId, imp, report }
    return pageOrFragment(
      c,
      () => <ImportPage layout={chrome(c, found.sourceName, 'imports')} {...props} />,
      () => <ImportStatus {...props} />
    )
  })

  .post('/projects/:id/imports/:importId/delete', access('lead'), async (c) => {
    const { db, now, config } = c.var.deps
    const projectId = c.var.project.id
    const id = importId(c)
    const removed = await db.write((tx) =>
      removeImport(tx, { projectId, importId: id, userId: c.var.user!.id, now: now() })
    )
    if (!removed.ok) {
      if (removed.error === 'not_found') throw notFound('Import')
      setFlash(c, removed.message, 'error')
    } else {
      rmSync(join(config.dataDir, 'imports', String(id)), { recursive: true, force: true })
      c.var.deps.ranking.scheduleProject(projectId)
      setFlash(c, removed.value)
    }
    return c.redirect(`/projects/${projectId}/imports`, 303)
  })
