import { Hono, type Context } from 'hono'
import { highlighter } from '../domain/highlight.ts'
import type { Vote } from '../domain/screening.ts'
import { notFound } from '../errors.ts'
import { access } from '../http/access.ts'
import { setFlash } from '../http/flash.ts'
import { voteForm } from '../http/vote-form.ts'
import { isHtmx } from '../http/htmx.ts'
import { chrome } from '../http/page.ts'
import type { AppEnv } from '../http/types.ts'
import { castVote, lastStandingVote, withdrawVote } from '../queries/decisions.ts'
import {
  isWaitingFor,
  myVote,
  nextInQueue,
  progress,
  screeningRecord,
  type Progress,
} from '../queries/queue.ts'
import { listCriteria, listReasons } from '../queries/settings.ts'
import { ProgressBars, ScreenCard, ScreenPage, type CardProps } from '../views/screen.tsx'
import { PriorityPanel, type PriorityProps } from '../views/screen-priority.tsx'
import { rankingState, screenedSinceInclude } from '../queries/ranking.ts'
import { run, stoppingAdvice } from '../domain/stopping.ts'

const STAGE = 'title_abstract' as const

const DecisionForm = voteForm('Choose include, exclude or maybe.')

function modeLabel(c: Context<AppEnv>) {
  const p = c.var.project
  if (p.screeningMode !== 'rapid') return 'dual screening'
  return p.rapidPhase === 'single' ? 'rapid: single screening' : 'rapid: calibrating'
}

/** What the screening page and each htmx answer show: the card, progress, and the order. */
interface Screen {
  card: CardProps
  progress: Progress
  priority: PriorityProps
}

/**
 * Everything the card needs for the caller, for the given record or the next in their queue,
 * and the progress bars (computed once: they are the costly part at 100 000 records).
 */
async function cardFor(
  c: Context<AppEnv>,
  recordId?: number,
  notice?: CardProps['notice']
): Promise<Screen> {
  const { db } = c.var.deps
  const project = c.var.project
  const userId = c.var.user!.id
  const id = recordId ?? (await nextInQueue(db.orm, project.id, userId, STAGE))
  const [record, reasons, prog, undoable, ranking] = await Promise.all([
    id === undefined ? undefined : screeningRecord(db.orm, project.id, id),
    listReasons(db.orm, project.id),
    progress(db.orm, project.id, userId, STAGE),
    lastStandingVote(db.orm, project.id, userId, STAGE),
    project.rankingEnabled ? rankingState(db.orm, project.id, userId) : undefined,
  ])
  // The run of excludes matters only once the queue is in priority order.
  const since = ranking
    ? await screenedSinceInclude(db.orm, project.id, userId, run(prog.mine.total))
    : { count: 0 }
  const mine = record ? await myVote(db.orm, record.id, userId, STAGE) : undefined
  const card = {
    projectId: project.id,
    record,
    myVote: mine,
    reasons,
    mark: highlighter({ include: project.includeTerms, exclude: project.excludeTerms }),
    notice,
    canUndo: undoable !== undefined,
    conflicts: prog.project.conflict,
  }
  const priority = {
    projectId: project.id,
    enabled: project.rankingEnabled,
    ranking,
    advice: stoppingAdvice({
      total: prog.mine.total,
      screened: prog.mine.done,
      sinceInclude: since.count,
      expectedRelevant: ranking?.expectedRelevant,
    }),
    isLead: c.var.member.role === 'lead',
    now: c.var.deps.now(),
  }
  return { card, progress: prog, priority }
}

/** The htmx answer: the next card, and the progress bars out of band. */
async function cardResponse(
  c: Context<AppEnv>,
  { card, progress: prog, priority }: Screen,
  status: 200 | 422 = 200
) {
  c.header('Vary', 'HX-Request', { append: true })
  return c.html(
    <>
      <ScreenCard {...card} />
      <ProgressBars projectId={c.var.project.id} progress={prog} mode={modeLabel(c)} oob />
      <PriorityPanel {...priority} oob />
    </>,
    status
  )
}

function recordParam(c: Context<AppEnv>): number {
  const id = Number(c.req.param('recordId'))
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound('Record')
  return id
}

export const screenRoutes = new Hono<AppEnv>()
  .get('/projects/:id/screen', access('member'), async (c) => {
    const { db } = c.var.deps
    const project = c.var.project
    const wanted = Number(c.req.query('record'))
    const chosen =
      Number.isSafeInteger(wanted) &&
      wanted > 0 &&
      (await isWaitingFor(db.orm, project.id, c.var.user!.id, STAGE, wanted))
        ? wanted
        : undefined
    const [{ card, progress: prog, priority }, criteria] = await Promise.all([
      cardFor(c, chosen),
      listCriteria(db.orm, project.id),
    ])
    return c.html(
      <ScreenPage
        layout={chrome(c, 'Screen', 'screen')}
        card={card}
        progress={prog}
        priority={priority}
        criteria={criteria}
        mode={modeLabel(c)}
      />
    )
  })

  .post('/projects/:id/records/:recordId/decisions', access('member'), async (c) => {
    const recordId = recordParam(c)
    const { db, now } = c.var.deps
    const project = c.var.project
    const body = await c.req.parseBody()
    const form = DecisionForm.safeParse(body)
    const stage = form.success ? form.data.stage : STAGE
    const cast = form.success
      ? await db.write((tx) =>
          castVote(tx, {
            projectId: project.id,
            recordId,
            stage,
            userId: c.var.user!.id,
            vote: form.data.decision as Vote,
            reasonId: form.data.reason,
            note: form.data.note,
            now: now(),
          })
        )
      : ({
          ok: false,
          error: 'invalid',
          message: form.error.issues[0]?.message ?? 'Check the form.',
        } as const)
    if (stage === 'full_text') {
      // Full text is judged report by report on its own page: back there on a mistake, on to
      // the next report waiting for this reviewer when the vote is stored.
      if (!cast.ok) {
        setFlash(c, cast.message, 'error')
        return c.redirect(`/projects/${project.id}/fulltext/${recordId}`, 303)
      }
      setFlash(c, `Record ${recordId}: your full-text decision is saved.`)
      return c.redirect(`/projects/${project.id}/fulltext/next`, 303)
    }
    if (cast.ok) c.var.deps.ranking.schedule(project.id, c.var.user!.id)
    if (!isHtmx(c)) {
      if (!cast.ok) setFlash(c, cast.message, 'error')
      return c.redirect(`/projects/${project.id}/screen`, 303)
    }
    if (!cast.ok) {
      // Show the same record again with the message, so nothing is silently skipped.
      const again = cast.error === 'invalid' ? recordId : undefined
      return cardResponse(c, await cardFor(c, again, { kind: 'error', text: cast.message }), 422)
    }
    return cardResponse(c, await cardFor(c))
  })

  .post('/projects/:id/screen/undo', access('member'), async (c) => {
    const { db, now } = c.var.deps
    const project = c.var.project
    const userId = c.var.user!.id
    const result = await db.write(async (tx) => {
      const recordId = await lastStandingVote(tx, project.id, userId, STAGE)
      if (recordId === undefined)
        return { ok: false as const, message: 'There is no decision of yours to undo.' }
      const undone = await withdrawVote(tx, {
        projectId: project.id,
        recordId,
        stage: STAGE,
        userId,
        now: now(),
      })
      return undone.ok
        ? { ok: true as const, recordId }
        : { ok: false as const, message: undone.message }
    })
    if (result.ok) c.var.deps.ranking.schedule(project.id, userId)
    if (!isHtmx(c)) {
      if (!result.ok) {
        setFlash(c, result.message, 'error')
        return c.redirect(`/projects/${project.id}/screen`, 303)
      }
      setFlash(c, `Your decision on record ${result.recordId} is undone: decide again.`)
      return c.redirect(`/projects/${project.id}/screen?record=${result.recordId}`, 303)
    }
    if (!result.ok)
      return cardResponse(
        c,
        await cardFor(c, undefined, { kind: 'error', text: result.message }),
        422
      )
    const undone = await cardFor(c, result.recordId, {
      kind: 'ok',
      text: `Your decision on record ${result.recordId} is undone: decide again.`,
    })
    return cardResponse(c, undone)
  })
