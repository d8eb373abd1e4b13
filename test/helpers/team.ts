import { asc } from 'drizzle-orm'
import { records } from '../../src/db/schema.ts'
import type { AppConfig } from '../../src/http/types.ts'
import { addToProject, makeProject, makeUser, signedIn, testApp, type Client } from './app.ts'

/**
 * The usual review team on a fresh app: Lena Lead, and the reviewers Ann Assistant and Bob
 * Second, each signed in, in one project. Records come in through the real upload route.
 */
export async function reviewTeam(config: Partial<AppConfig> = {}) {
  const ctx = await testApp(config)
  const lead = await makeUser(ctx.db, 'lead@example.org', 'Lena Lead')
  const ann = await makeUser(ctx.db, 'ann@example.org', 'Ann Assistant')
  const bob = await makeUser(ctx.db, 'bob@example.org', 'Bob Second')
  const project = await makeProject(ctx.db, lead.id)
  await addToProject(ctx.db, project.id, ann.email, 'reviewer')
  await addToProject(ctx.db, project.id, bob.email, 'reviewer')
  const base = `/projects/${project.id}`
  const leadClient = await signedIn(ctx.app, lead.email)
  const a = await signedIn(ctx.app, ann.email)
  const b = await signedIn(ctx.app, bob.email)

  /** Uploads one RIS file as a source and waits for the import to finish. */
  const upload = async (
    source: string,
    content: string,
    kind: 'database' | 'register' = 'database'
  ) => {
    await leadClient.upload(`${base}/imports`, { source, kind }, [
      { name: `${source}.ris`, content },
    ])
    await ctx.jobs.idle()
  }
  /** Every record id, in import order. */
  const recordIds = async () =>
    (await ctx.db.orm.select({ id: records.id }).from(records).orderBy(asc(records.id))).map(
      (r) => r.id
    )
  /** A title/abstract vote through the real route (a plain form post unless headers say htmx). */
  const vote = (
    client: Client,
    recordId: number,
    decision: string,
    extra: Record<string, string> = {},
    headers: Record<string, string> = {}
  ) =>
    client.post(
      `${base}/records/${recordId}/decisions`,
      { stage: 'title_abstract', decision, ...extra },
      headers
    )
  return { ...ctx, lead, ann, bob, project, base, leadClient, a, b, upload, recordIds, vote }
}
