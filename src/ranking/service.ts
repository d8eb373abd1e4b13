/**
 * Keeps each reviewer's title/abstract queue in priority order. A decision schedules a
 * retraining of that reviewer's model; it runs in the background (a job the request does not
 * wait for) on the worker thread, and the new order is written in one short transaction.
 * Decisions arriving while a retraining runs are folded into one more run, never queued one
 * by one, so a fast reviewer cannot pile up work.
 */
import { and, eq } from 'drizzle-orm'
import type { Db } from '../db/client.ts'
import { projectMembers, projects, rankings } from '../db/schema.ts'
import type { Jobs } from '../http/jobs.ts'
import { applyRanking } from '../queries/ranking.ts'
import type { RankPool } from './pool.ts'

export interface Ranking {
  /** Retrain this reviewer's model and reorder their queue, soon. */
  schedule(projectId: number, userId: number): void
  /** The same for every member (new records, a settled conflict, ranking switched on). */
  scheduleProject(projectId: number): void
}

export function createRanking(deps: {
  db: Db
  jobs: Jobs
  now: () => number
  pool: RankPool
}): Ranking {
  const { db, jobs, now, pool } = deps
  /** Reviewers with a run in progress; true when another decision came in during it. */
  const running = new Map<string, boolean>()

  async function enabled(projectId: number) {
    const [row] = await db.orm
      .select({ on: projects.rankingEnabled })
      .from(projects)
      .where(eq(projects.id, projectId))
    return row?.on === true
  }

  async function runOnce(projectId: number, userId: number) {
    if (!(await enabled(projectId))) return
    const result = await pool.rank({ db: db.options, projectId, userId })
    await db.write(async (tx) => {
      if (result.trained) {
        await applyRanking(tx, { projectId, userId, ...result, now: now() })
      } else {
        // Back to untrained (an undone include): the page must not show a stale estimate.
        await tx
          .delete(rankings)
          .where(and(eq(rankings.projectId, projectId), eq(rankings.userId, userId)))
      }
    })
  }

  function schedule(projectId: number, userId: number) {
    const key = `${projectId}:${userId}`
    if (running.has(key)) {
      running.set(key, true)
      return
    }
    running.set(key, false)
    jobs.start(`ranking for reviewer ${userId} in project ${projectId}`, async () => {
      try {
        do {
          running.set(key, false)
          await runOnce(projectId, userId)
        } while (running.get(key))
      } finally {
        running.delete(key)
      }
    })
  }

  return {
    schedule,
    scheduleProject(projectId) {
      jobs.start(`ranking for project ${projectId}`, async () => {
        const members = await db.orm
          .select({ userId: projectMembers.userId })
          .from(projectMembers)
          .where(eq(projectMembers.projectId, projectId))
        for (const { userId } of members) schedule(projectId, userId)
      })
    },
  }
}
