import { plural } from '../views/format.ts'
import { createReadStream } from 'node:fs'
import { readBibliographic, type ParsedRecord } from '../domain/bibliographic.ts'
import { CliError, usageError, type CliIo } from './io.ts'

// Lines are handed to io.out in batches: one write per record costs more than the parse itself
// at 60 000 records.
const FLUSH_AT = 1 << 20

class Buffered {
  private parts: string[] = []
  private size = 0

  constructor(private readonly write: (text: string) => void) {}

  add(line: string) {
    this.parts.push(line)
    this.size += line.length
    if (this.size >= FLUSH_AT) this.flush()
  }

  flush() {
    if (this.parts.length === 0) return
    this.write(this.parts.join(''))
    this.parts = []
    this.size = 0
  }
}

/** The normalised fields, then where the record came from. */
function jsonLine(record: ParsedRecord, file: string): string {
  const { type, title, abstract, authors, year, journal, doi, keywords, database } = record
  const row = { type, title, abstract, authors, year, journal, doi, keywords, database }
  return `${JSON.stringify({ ...row, file, line: record.startLine })}\n`
}

/**
 * `winnow parse FILE...`: one JSON object per record on stdout (JSON Lines), warnings as
 * `file:line: message` and a summary per file on stderr.
 *
 * Every file is read even when an earlier one is refused or missing, so one bad name does not
 * hide the other files' records; the command then fails with exit code 2 naming the bad files.
 */
export async function parseCommand(args: string[], io: CliIo): Promise<void> {
  const files = args.filter((a) => a !== '--')
  const option = files.find((a) => a.startsWith('-') && a !== '-')
  if (option) throw usageError(`parse: unknown option ${option}`)
  if (files.length === 0) throw usageError('parse: give at least one RIS or .nbib file')
  const out = new Buffered(io.out)
  const err = new Buffered(io.err)
  const failed: string[] = []
  for (const file of files) {
    let format = ''
    try {
      for await (const event of readBibliographic(open(file, io))) {
        switch (event.kind) {
          case 'format':
            format = ` (${event.format === 'ris' ? 'RIS' : 'MEDLINE .nbib'}, ${event.encoding})`
            break
          case 'record':
            out.add(jsonLine(event.record, file))
            break
          case 'warning':
            err.add(`${file}:${event.warning.line ?? '-'}: ${event.warning.message}\n`)
            break
          case 'refused':
            err.add(`${file}: not imported: ${event.message}\n`)
            failed.push(file)
            break
          case 'end':
            err.add(
              `${file}: ${plural(event.records, 'record')}, ${plural(event.warnings, 'warning')}, ${plural(event.lines, 'line')}${format}\n`
            )
            break
        }
      }
    } catch (e) {
      err.add(`${file}: ${readError(e)}\n`)
      failed.push(file)
    }
    out.flush()
    err.flush()
  }
  if (failed.length) {
    const which = failed.length === 1 ? failed[0] : `${failed.length} files`
    throw new CliError(`${which} could not be read as RIS or .nbib`, 2)
  }
}

/** `-` reads standard input, so `winnow parse - < export.ris` works in a pipe. */
function open(file: string, io: CliIo): AsyncIterable<Uint8Array> {
  if (file !== '-') return createReadStream(file)
  return (async function* () {
    for await (const chunk of io.stdin) yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk
  })()
}

function readError(e: unknown): string {
  const code = e && typeof e === 'object' && 'code' in e ? String(e.code) : ''
  if (code === 'ENOENT') return 'no such file'
  if (code === 'EISDIR') return 'is a directory, not a file'
  if (code === 'EACCES') return 'permission denied'
  return e instanceof Error ? e.message : String(e)
}
