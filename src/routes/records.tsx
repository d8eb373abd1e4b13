import { Hono } from 'hono'
import { z } from 'zod'
import { notFound } from '../errors.ts'
import { access } from '../http/access.ts'
import { chrome } from '../http/page.ts'
import type { AppEnv } from '../http/types.ts'
import { countRecords, findRecord, listRecords, sourceNames } from '../queries/records.ts'
import { RecordPage, RecordsPage, type RecordQuery } from '../views/records.tsx'

const id = z.coerce.number().int().positive()
const ListQuery = z.object({
  q: z.string().max(500).default(''),
  source: z.string().max(200).default(''),
  show: z.enum(['all', 'kept', 'duplicates']).catch('all'),
  import: id.optional().catch(undefined),
  after: id.optional().catch(undefined),
  before: id.optional().catch(undefined),
})

export const recordsRoutes = new Hono<AppEnv>()
  .get('/projects/:id/records', access('member'), async (c) => {
    const { db } = c.var.deps
    const projectId = c.var.project.id
    const parsed = ListQuery.parse(c.req.query())
    const query: RecordQuery = {
      q: parsed.q,
      source: parsed.source,
      show: parsed.show,
      importId: parsed.import,
    }
    const filter = {
      projectId,
      search: parsed.q || undefined,
      source: parsed.source || undefined,
      show: parsed.show,
      importId: parsed.import,
    }
    const [page, total, sources] = await Promise.all([
      listRecords(db.orm, filter, { after: parsed.after, before: parsed.before }),
      countRecords(db.orm, filter),
      sourceNames(db.orm, projectId),
    ])
    const link = (extra: Record<string, string>) => {
      const params = new URLSearchParams()
      if (parsed.q) params.set('q', parsed.q)
      if (parsed.source) params.set('source', parsed.source)
      if (parsed.show !== 'all') params.set('show', parsed.show)
      if (parsed.import !== undefined) params.set('import', String(parsed.import))
      for (const [k, v] of Object.entries(extra)) params.set(k, v)
      return `/projects/${projectId}/records?${params}`
    }
    const first = page.rows[0]?.id
    const last = page.rows.at(-1)?.id
    // Going back, `more` means there are earlier pages; going forward, later ones.
    const hasEarlier = parsed.before !== undefined ? page.more : parsed.after !== undefined
    const hasLater = parsed.before !== undefined ? true : page.more
    return c.html(
      <RecordsPage
        layout={chrome(c, 'Records', 'records')}
        projectId={projectId}
        query={query}
        sources={sources}
        rows={page.rows}
        total={total}
        prev={hasEarlier && first !== undefined ? link({ before: String(first) }) : undefined}
        next={hasLater && last !== undefined ? link({ after: String(last) }) : undefined}
      />
    )
  })

  .get('/projects/:id/records/:recordId', access('member'), async (c) => {
    const recordId = id.safeParse(c.req.param('recordId'))
    if (!recordId.success) throw notFound('Record')
    const found = await findRecord(c.var.deps.db.orm, c.var.project.id, recordId.data)
    if (!found) throw notFound('Record')
    const title = found.record.title ?? `Record ${found.record.id}`
    return c.html(
      <RecordPage
        layout={chrome(c, title.slice(0, 80), 'records')}
        projectId={c.var.project.id}
        record={found.record}
        imp={found.import}
      />
    )
  })
