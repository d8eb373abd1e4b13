import { and, asc, eq } from 'drizzle-orm'
import { Hono, type Context } from 'hono'
import {
  createReadStream,
  mkdirSync,
  openSync,
  readSync,
  closeSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { z } from 'zod'
import { decisions, exclusionReasons, users } from '../db/schema.ts'
import { notFound } from '../errors.ts'
import { access } from '../http/access.ts'
import { pageNumber } from '../http/forms.ts'
import { setFlash } from '../http/flash.ts'
import { chrome } from '../http/page.ts'
import type { AppEnv } from '../http/types.ts'
import { receiveUpload, safeFileName } from '../import/upload.ts'
import { closedBecause, stageRow } from '../queries/decisions.ts'
import {
  atFullText,
  attachFullText,
  findFullText,
  FULL_TEXT_PAGE,
  listFullText,
  nextFullText,
} from '../queries/fulltext.ts'
import { myVote, progress, screeningRecord } from '../queries/queue.ts'
import { listReasons } from '../queries/settings.ts'
import { FullTextListPage, FullTextRecordPage } from '../views/fulltext.tsx'

const recordId = (c: Context<AppEnv>) => {
  const id = Number(c.req.param('recordId'))
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound('Record')
  return id
}

/** Only a record that reached full text can take a full text. */
async function fullTextRecord(c: Context<AppEnv>) {
  const id = recordId(c)
  const { db } = c.var.deps
  if (!(await atFullText(db.orm, c.var.project.id, id))) throw notFound('Record at full text')
  return id
}

const pdfDir = (c: Context<AppEnv>) =>
  join(c.var.deps.config.dataDir, 'fulltexts', String(c.var.project.id))

function looksLikePdf(path: string): boolean {
  const fd = openSync(path, 'r')
  try {
    const head = Buffer.alloc(5)
    readSync(fd, head, 0, 5, 0)
    return head.toString('latin1') === '%PDF-'
  } finally {
    closeSync(fd)
  }
}

/** Each member's standing full-text vote on a record, with names, reasons and notes. */
async function standingVotes(c: Context<AppEnv>, id: number) {
  const rows = await c.var.deps.db.orm
    .select({
      userId: decisions.userId,
      name: users.name,
      decision: decisions.decision,
      reason: exclusionReasons.label,
      note: decisions.note,
    })
    .from(decisions)
    .innerJoin(users, eq(users.id, decisions.userId))
    .leftJoin(exclusionReasons, eq(exclusionReasons.id, decisions.reasonId))
    .where(and(eq(decisions.recordId, id), eq(decisions.stage, 'full_text')))
    .orderBy(asc(decisions.createdAt), asc(decisions.id))
  const latest = new Map<number, (typeof rows)[number]>()
  for (const row of rows) latest.set(row.userId, row)
  return [...latest.values()].filter((v) => v.decision !== 'withdrawn')
}

export const fulltextRoutes = new Hono<AppEnv>()
  .get('/projects/:id/fulltext', access('member'), async (c) => {
    const { db } = c.var.deps
    const show = c.req.query('show') === 'all' ? 'all' : 'mine'
    const asked = pageNumber(c.req.query('page'))
    const userId = c.var.user!.id
    const [list, prog] = await Promise.all([
      listFullText(db.orm, c.var.project.id, userId, show, asked),
      progress(db.orm, c.var.project.id, userId, 'full_text'),
    ])
    return c.html(
      <FullTextListPage
        layout={chrome(c, 'Full text', 'fulltext')}
        projectId={c.var.project.id}
        show={show}
        rows={list.rows}
        total={list.total}
        waitingForMe={prog.mine.total - prog.mine.done}
        page={asked}
        pages={Math.max(1, Math.ceil(list.total / FULL_TEXT_PAGE))}
      />
    )
  })

  .get('/projects/:id/fulltext/next', access('member'), async (c) => {
    const next = await nextFullText(c.var.deps.db.orm, c.var.project.id, c.var.user!.id)
    const base = `/projects/${c.var.project.id}/fulltext`
    return c.redirect(next === undefined ? base : `${base}/${next}`, 303)
  })

  .get('/projects/:id/fulltext/:recordId', access('member'), async (c) => {
    const { db } = c.var.deps
    const projectId = c.var.project.id
    const id = recordId(c)
    const row = await stageRow(db.orm, projectId, id, 'full_text')
    const record = row && (await screeningRecord(db.orm, projectId, id))
    if (!row || !record) throw notFound('Record at full text')
    const userId = c.var.user!.id
    const [fullText, reasons, mine, closed] = await Promise.all([
      findFullText(db.orm, projectId, id),
      listReasons(db.orm, projectId),
      myVote(db.orm, id, userId, 'full_text'),
      closedBecause(db.orm, row),
    ])
    // Blind until the record is in conflict or decided; then everyone's votes are shown.
    const unblinded = row.status === 'pending' ? undefined : await standingVotes(c, id)
    return c.html(
      <FullTextRecordPage
        layout={chrome(c, (record.title ?? `Record ${id}`).slice(0, 80), 'fulltext')}
        projectId={projectId}
        record={record}
        status={row.status}
        fullText={fullText}
        reasons={reasons}
        myVote={mine}
        unblinded={unblinded}
        canVote={closed === null && (row.status === 'pending' || mine !== undefined)}
        closedBecause={closed}
      />
    )
  })

  .post('/projects/:id/records/:recordId/fulltext', access('member'), async (c) => {
    const id = await fullTextRecord(c)
    const { db, config, now } = c.var.deps
    const back = `/projects/${c.var.project.id}/fulltext/${id}`
    const upload = await receiveUpload(
      c.req.raw,
      join(config.dataDir, 'uploads'),
      config.maxUploadBytes
    )
    if (!upload.ok) {
      setFlash(c, upload.message, 'error')
      return c.redirect(back, 303)
    }
    const file = upload.value.files[0]
    if (!file || file.size === 0 || !looksLikePdf(file.path)) {
      rmSync(upload.value.dir, { recursive: true, force: true })
      setFlash(
        c,
        file
          ? `${file.name} is not a PDF. Attach the report as a PDF, or save a link to it.`
          : 'Choose a PDF file.',
        'error'
      )
      return c.redirect(back, 303)
    }
    mkdirSync(pdfDir(c), { recursive: true })
    const stored = `${id}-${Date.now().toString(36)}-${safeFileName(file.name)}`
    renameSync(file.path, join(pdfDir(c), stored))
    rmSync(upload.value.dir, { recursive: true, force: true })
    const previous = await db.write((tx) =>
      attachFullText(tx, {
        projectId: c.var.project.id,
        recordId: id,
        kind: 'pdf',
        location: stored,
        fileName: file.name,
        size: file.size,
        userId: c.var.user!.id,
        now: now(),
      })
    )
    if (previous?.kind === 'pdf') rmSync(join(pdfDir(c), previous.location), { force: true })
    setFlash(c, `Full text ${file.name} attached.`)
    return c.redirect(back, 303)
  })

  .post('/projects/:id/records/:recordId/fulltext-link', access('member'), async (c) => {
    const id = await fullTextRecord(c)
    const { db, now } = c.var.deps
    const back = `/projects/${c.var.project.id}/fulltext/${id}`
    const body = await c.req.parseBody()
    const url = z
      .string()
      .trim()
      .max(2000)
      .url()
      .refine((u) => /^https?:\/\//i.test(u))
      .safeParse(body.url)
    if (!url.success) {
      setFlash(c, 'Enter a web address that starts with http:// or https://.', 'error')
      return c.redirect(back, 303)
    }
    const previous = await db.write((tx) =>
      attachFullText(tx, {
        projectId: c.var.project.id,
        recordId: id,
        kind: 'link',
        location: url.data,
        fileName: null,
        size: null,
        userId: c.var.user!.id,
        now: now(),
      })
    )
    if (previous?.kind === 'pdf') rmSync(join(pdfDir(c), previous.location), { force: true })
    setFlash(c, 'Link to the full text saved.')
    return c.redirect(back, 303)
  })

  .get('/projects/:id/records/:recordId/fulltext.pdf', access('member'), async (c) => {
    const id = recordId(c)
    const found = await findFullText(c.var.deps.db.orm, c.var.project.id, id)
    if (found?.fullText.kind !== 'pdf') throw notFound('Full text')
    const path = join(pdfDir(c), found.fullText.location)
    const size = statSync(path, { throwIfNoEntry: false })?.size
    if (size === undefined) throw notFound('Full text file')
    c.header('Content-Type', 'application/pdf')
    c.header('Content-Length', String(size))
    c.header(
      'Content-Disposition',
      `inline; filename="${safeFileName(found.fullText.fileName ?? 'fulltext.pdf').replace(/"/g, '')}"`
    )
    c.header('Cache-Control', 'private, no-store')
    return c.body(Readable.toWeb(createReadStream(path)) as ReadableStream)
  })
