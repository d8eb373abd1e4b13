import { describe, expect, it } from 'vitest'
import { duplicateEvents, records, recordStages, queue } from '../../src/db/schema.ts'
import { addToProject, makeProject, makeUser, signedIn, testApp } from '../helpers/app.ts'
import { distinctRecords, risFile } from '../helpers/ris.ts'

async function setup() {
  const ctx = await testApp()
  const lead = await makeUser(ctx.db, 'lead@example.org', 'Lena Lead')
  const project = await makeProject(ctx.db, lead.id)
  await makeUser(ctx.db, 'rev@example.org')
  await addToProject(ctx.db, project.id, 'rev@example.org', 'reviewer')
  const client = await signedIn(ctx.app, 'lead@example.org')
  const upload = async (source: string, content: string) => {
    await client.upload(`/projects/${project.id}/imports`, { source, kind: 'database' }, [
      { name: `${source}.ris`, content },
    ])
    await ctx.jobs.idle()
  }
  const shared = distinctRecords(3, 'Shared')
  await upload('Scopus', risFile(shared))
  await upload(
    'Web of Science',
    risFile([{ ...shared[0]!, doi: undefined }, shared[1]!, ...distinctRecords(1, 'Other')])
  )
  const rows = await ctx.db.orm.select().from(records).orderBy(records.id)
  return { ...ctx, client, project, rows, base: `/projects/${project.id}/duplicates` }
}

describe('duplicates page', () => {
  it('shows each group side by side with the reason', async () => {
    const { client, base, rows } = await setup()
    const html = await (await client.get(base)).text()
    expect(html).toContain('2 records marked as duplicates')
    expect(html).toContain('same title and year')
    expect(html).toContain('same DOI')
    expect(html).toContain(`record ${rows[0]!.id}`)
    expect(html).toContain('Web of Science')
  })

  it('splits a wrong match: the record returns to screening, with a record of who did it', async () => {
    const { client, base, rows, db } = await setup()
    const dup = rows[3]!
    expect(dup.duplicateOf).toBe(rows[0]!.id)
    const before = await db.orm.$count(recordStages)
    const res = await client.post(`${base}/${dup.id}/split`)
    expect(res.status).toBe(303)
    const [after] = await db.orm
      .select()
      .from(records)
      .where((await import('drizzle-orm')).eq(records.id, dup.id))
    expect(after?.duplicateOf).toBeNull()
    expect(await db.orm.$count(recordStages)).toBe(before + 1)
    // Both members get it in their queue.
    const queued = (await db.orm.select().from(queue)).filter((q) => q.recordId === dup.id)
    expect(queued).toHaveLength(2)
    const [event] = await db.orm.select().from(duplicateEvents)
    expect(event).toMatchObject({ action: 'split', recordId: dup.id, otherId: rows[0]!.id })
    const html = await (await client.get(base)).text()
    expect(html).toContain(`Record ${dup.id} is not a duplicate of record ${rows[0]!.id}`)
    expect(html).toContain('Lena Lead')
  })

  it('merges two records by hand and takes the duplicate out of screening', async () => {
    const { client, base, rows, db } = await setup()
    const keep = rows[2]!
    const other = rows[5]!
    const res = await client.post(`${base}/merge`, {
      keep: String(keep.id),
      duplicate: String(other.id),
    })
    expect(res.status).toBe(303)
    const all = await db.orm.select().from(records).orderBy(records.id)
    expect(all[5]).toMatchObject({ duplicateOf: keep.id, duplicateReason: 'manual' })
    const stages = await db.orm.select().from(recordStages)
    expect(stages.some((s) => s.recordId === other.id)).toBe(false)
    expect((await db.orm.select().from(queue)).some((q) => q.recordId === other.id)).toBe(false)
  })

  it.each([
    [{ keep: 'x', duplicate: '1' }, 'Keep record: enter a record number.'],
    [{ keep: '1', duplicate: '99999' }, 'Both records must be in this project'],
  ])('re-renders the merge form with 422 for %j', async (form, message) => {
    const { client, base } = await setup()
    const res = await client.post(`${base}/merge`, form)
    expect(res.status).toBe(422)
    expect(await res.text()).toContain(message)
  })

  it('says when two records are already one study', async () => {
    const { client, base, rows } = await setup()
    const res = await client.post(`${base}/merge`, {
      keep: String(rows[0]!.id),
      duplicate: String(rows[3]!.id),
    })
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('are already one study')
  })

  it('is for leads only', async () => {
    const { app, base, rows } = await setup()
    const reviewer = await signedIn(app, 'rev@example.org')
    expect((await reviewer.get(base)).status).toBe(403)
    expect((await reviewer.post(`${base}/${rows[3]!.id}/split`)).status).toBe(403)
  })
})
