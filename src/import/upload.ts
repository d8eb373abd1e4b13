import busboy from 'busboy'
import { createWriteStream, mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { randomBytes } from 'node:crypto'
import { fail, ok, type Outcome } from '../errors.ts'
import type { ImportFile } from './pipeline.ts'

export interface Upload {
  fields: Record<string, string>
  files: ImportFile[]
  /** The temporary folder holding the files; the caller moves or removes it. */
  dir: string
}

const MAX_FILES = 50

/** A file name safe to keep on disk, keeping what a person would recognise. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? ''
  const cleaned = base
    .replace(/[^\p{L}\p{N}._ -]+/gu, '_')
    .replace(/^\.+/, '')
    .slice(0, 120)
  return cleaned || 'upload'
}

/**
 * Streams a multipart upload to files under tmpRoot, never holding a file in memory.
 * Refuses (and removes what it wrote) past maxBytes in all or MAX_FILES files.
 */
export async function receiveUpload(
  request: Request,
  tmpRoot: string,
  maxBytes: number
): Promise<Outcome<Upload, 'too_large' | 'bad_form'>> {
  const contentType = request.headers.get('content-type') ?? ''
  if (!contentType.startsWith('multipart/form-data') || !request.body) {
    return fail('bad_form', 'Send the files with the upload form (multipart/form-data).')
  }
  const dir = join(tmpRoot, `upload-${randomBytes(8).toString('hex')}`)
  mkdirSync(dir, { recursive: true })
  const fields: Record<string, string> = {}
  const files: ImportFile[] = []
  const writes: Promise<void>[] = []
  let total = 0
  let problem: { error: 'too_large' | 'bad_form'; message: string } | undefined
  const tooLarge = () =>
    (problem ??= {
      error: 'too_large',
      message: `The upload is larger than the limit of ${Math.round(maxBytes / 1048576)} MB. Split the export into smaller files, or ask the administrator to raise MAX_UPLOAD_MB.`,
    })

  const parser = busboy({
    headers: { 'content-type': contentType },
    limits: { fileSize: maxBytes, files: MAX_FILES, fields: 50, fieldSize: 64 * 1024 },
    defParamCharset: 'utf8',
  })
  parser.on('field', (name, value) => (fields[name] = value))
  parser.on('file', (_field, stream, info) => {
    if (!info.filename) {
      stream.resume()
      return
    }
    const path = join(dir, `${files.length + 1}-${safeFileName(info.filename)}`)
    const file: ImportFile = { name: info.filename, path, size: 0 }
    files.push(file)
    stream.on('data', (chunk: Buffer) => {
      file.size += chunk.length
      total += chunk.length
      if (total > maxBytes) tooLarge()
    })
    stream.on('limit', tooLarge)
    writes.push(pipeline(stream, createWriteStream(path)))
  })
  parser.on('filesLimit', () => {
    problem ??= { error: 'bad_form', message: `Upload at most ${MAX_FILES} files at once.` }
  })

  try {
    await pipeline(Readable.fromWeb(request.body as never), parser)
    await Promise.all(writes)
  } catch (error) {
    problem ??= {
      error: 'bad_form',
      message: `The upload did not arrive whole (${error instanceof Error ? error.message : 'unknown error'}). Try again.`,
    }
  }
  if (problem) {
    rmSync(dir, { recursive: true, force: true })
    return fail(problem.error, problem.message)
  }
  return ok({ fields, files, dir })
}
