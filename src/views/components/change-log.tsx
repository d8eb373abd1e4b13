import type { Child } from 'hono/jsx'
import { formatDateTime } from '../format.ts'

export interface ChangeRow {
  at: number
  who: string | null
  what: Child
}

/** A history of changes, newest first: when, who, and what was done. */
export function ChangeLog(props: { id: string; empty: string; rows: ChangeRow[] }) {
  if (props.rows.length === 0) return <p class="empty">{props.empty}</p>
  return (
    <table id={props.id}>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">What</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr>
            <td class="nowrap">{formatDateTime(r.at)}</td>
            <td>{r.who ?? '—'}</td>
            <td>{r.what}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
