import type { Q } from '../db/client.ts'
import { auditEvents } from '../db/schema.ts'

export interface AuditEntry {
  projectId: number | null
  userId: number | null
  action: string
  detail: Record<string, unknown>
  at: number
}

export async function audit(q: Q, entry: AuditEntry) {
  await q.insert(auditEvents).values(entry)
}
