import type { Context } from 'hono'
import { stringify } from 'csv-stringify/sync'
import { prismaRows, type Prisma } from '../domain/prisma.ts'

/**
 * A cell a spreadsheet would run as a formula (OWASP "CSV injection"): `=`, `+`, `-`, `@`, or a
 * tab or carriage return in front of one. Titles, notes and source names are typed by people
 * and imported from files, so any of them may start that way.
 */
const FORMULA_START = /^[=+\-@\t\r]/

/** A leading `'` makes Excel, LibreOffice and Google Sheets show the cell as text. */
export function neutralise(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell
}

export type Cell = string | number | null

/** CSV lines (RFC 4180 quoting, `\n` between records) with every text cell neutralised. */
export function csvLines(rows: readonly (readonly Cell[])[]): string {
  if (rows.length === 0) return ''
  return stringify(
    rows.map((row) => row.map((cell) => (typeof cell === 'string' ? neutralise(cell) : cell))),
    { cast: { number: (n) => String(n) } }
  )
}

/** A CSV body sent as a download: the browser saves it under `filename`. */
export function csvDownload(
  c: Context,
  filename: string,
  body: string | ReadableStream<Uint8Array>
) {
  const safe = filename.replace(/[^\w.-]+/g, '-')
  c.header('Content-Type', 'text/csv; charset=utf-8')
  c.header('Content-Disposition', `attachment; filename="${safe}"`)
  c.header('Cache-Control', 'no-store')
  return c.body(body)
}

/** Streams text chunks as UTF-8, so a large export never sits whole in memory. */
export function textStream(chunks: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  const iterator = chunks[Symbol.asyncIterator]()
  return new ReadableStream({
    async pull(controller) {
      const next = await iterator.next()
      if (next.done) controller.close()
      else controller.enqueue(encoder.encode(next.value))
    },
    async cancel() {
      await iterator.return?.()
    },
  })
}

/** A whole CSV as text chunks: the header line, then one chunk per chunk of rows. */
export async function* csvChunks(
  header: readonly string[],
  chunks: AsyncIterable<readonly (readonly Cell[])[]>
): AsyncGenerator<string> {
  yield csvLines([header])
  for await (const rows of chunks) yield csvLines(rows)
}

/** PRISMA counts as CSV: `box,n`, one row per box in SPEC §2.9's order. */
export function prismaCsv(p: Prisma): string {
  return csvLines([['box', 'n'], ...prismaRows(p)])
}
