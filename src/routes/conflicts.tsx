import { Hono, type Context } from 'hono'
import type { Stage } from '../db/schema.ts'
import type { Vote } from '../domain/screening.ts'
import { notFound } from '../errors.ts'
import { access } from '../http/access.ts'
import { pageNumber } from '../http/forms.ts'
import { setFlash } from '../http/flash.ts'
import { voteForm } from '../http/vote-form.ts'
import { chrome } from '../http/page.ts'
import type { AppEnv } from '../http/types.ts'
import {
  CONFLICTS_PER_PAGE,
  countConflicts,
  listConflicts,
  listResolved,
} from '../queries/conflicts.ts'
import { resolveConflict } from '../queries/decisions.ts'
import { listReasons } from '../queries/settings.ts'
import { ConflictsPage, type ResolveError } from '../views/conflicts.tsx'

/**
 * A resolution is a final decision: `maybe` only defers, so it is no answer to a conflict. At
 * full text the reason is required for an exclusion (checked by `validateVote`).
 */
const ResolutionForm = voteForm('Choose include or exclude.').refine(
  (f) => f.decision !== 'maybe',
  {
    path: ['decision'],
    message: 'Maybe is not a final decision: choose include or exclude.',
  }
)

const stageOf = (value: unknown): Stage => (value === 'full_text' ? 'full_text' : 'title_abstract')

async function render(
  c: Context<AppEnv>,
  stage: Stage,
  error?: ResolveError,
  status: 200 | 409 | 422 = 200
) {
  const { db } = c.var.deps
  const projectId = c.var.project.id
  const member = c.var.member
  const other = stage === 'full_text' ? 'title_abstract' : 'full_text'
  const [total, otherStageTotal, reasons] = await Promise.all([
    countConflicts(db.orm, projectId, stage),
    countConflicts(db.orm, projectId, other),
    listReasons(db.orm, projectId),
  ])
  const pages = Math.max(1, Math.ceil(total / CONFLICTS_PER_PAGE))
  const asked = pageNumber(c.req.query('page'))
  const page = Math.min(asked, pages)
  const [cards, resolved] = await Promise.all([
    listConflicts(db.orm, projectId, stage, page),
    listResolved(db.orm, projectId, stage),
  ])
  return c.html(
    <ConflictsPage
      layout={chrome(c, 'Conflicts', 'conflicts')}
      projectId={projectId}
      total={total}
      cards={cards}
      page={page}
      pages={pages}
      canResolve={member.role === 'lead' || member.canResolve}
      resolved={resolved}
      error={error}
      stage={stage}
      reasons={reasons}
      otherStageTotal={otherStageTotal}
    />,
    status
  )
}

function recordParam(c: Context<AppEnv>): number {
  const id = Number(c.req.param('recordId'))
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound('Record')
  return id
}

export const conflictsRoutes = new Hono<AppEnv>()
  // Any member may read conflicts: a record in conflict is no longer blind (SPEC §2.4).
  .get('/projects/:id/conflicts', access('member'), (c) => render(c, stageOf(c.req.query('stage'))))

  .post('/projects/:id/records/:recordId/resolution', access('resolver'), async (c) => {
    const recordId = recordParam(c)
    const body = await c.req.parseBody()
    const note = typeof body.note === 'string' ? body.note : ''
    const stage = stageOf(body.stage)
    const form = ResolutionForm.safeParse(body)
    if (!form.success) {
      const message = form.error.issues[0]?.message ?? 'Check the form.'
      return render(c, stage, { recordId, message, note }, 422)
    }
    const { db, now } = c.var.deps
    const resolved = await db.write((tx) =>
      resolveConflict(tx, {
        projectId: c.var.project.id,
        recordId,
        stage: form.data.stage,
        userId: c.var.user!.id,
        vote: form.data.decision as Vote,
        reasonId: form.data.reason,
        note: form.data.note,
        now: now(),
      })
    )
    if (!resolved.ok) {
      if (resolved.error === 'not_found') throw notFound('Record')
      if (resolved.error === 'not_conflict') {
        const message =
          'It is not in conflict (any more): it may have been resolved already, or a reviewer changed their vote. Nothing was saved.'
        return render(c, stage, { recordId, message, note }, 409)
      }
      return render(c, stage, { recordId, message: resolved.message, note }, 422)
    }
    // A settled record teaches every reviewer's model (it is no longer blind).
    if (form.data.stage === 'title_abstract') c.var.deps.ranking.scheduleProject(c.var.project.id)
    setFlash(c, `Record ${recordId} resolved: ${resolved.value}.`)
    return c.redirect(`/projects/${c.var.project.id}/conflicts?stage=${stage}`, 303)
  })
