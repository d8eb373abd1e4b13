import { readFileSync } from 'node:fs'
import {
  readBibliographic,
  type ParseEvent,
  type ParsedRecord,
  type ParseWarning,
} from '../../src/domain/bibliographic.ts'

export const fixture = (name: string): Uint8Array =>
  readFileSync(new URL(`../../fixtures/ris/${name}`, import.meta.url))

/** The bytes as a stream of chunks: one chunk, chunks of a fixed size, or of the given sizes
 * (repeated), the way a file stream or an upload would deliver them. */
export async function* chunked(
  bytes: Uint8Array,
  sizes: number | number[] = bytes.length || 1
): AsyncGenerator<Uint8Array> {
  const list = Array.isArray(sizes) ? sizes : [sizes]
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = Math.max(1, list[i % list.length]!)
    yield bytes.subarray(at, at + size)
    at += size
  }
}

export async function parse(bytes: Uint8Array, sizes?: number | number[]): Promise<ParseEvent[]> {
  const events: ParseEvent[] = []
  for await (const event of readBibliographic(chunked(bytes, sizes))) events.push(event)
  return events
}

export const text = (s: string) => new TextEncoder().encode(s)

export const recordsOf = (events: ParseEvent[]): ParsedRecord[] =>
  events.flatMap((e) => (e.kind === 'record' ? [e.record] : []))

export const warningsOf = (events: ParseEvent[]): ParseWarning[] =>
  events.flatMap((e) => (e.kind === 'warning' ? [e.warning] : []))

export function endOf(events: ParseEvent[]) {
  const end = events.at(-1)
  if (end?.kind !== 'end') throw new Error(`last event is ${end?.kind}, not end`)
  return end
}

/** The normalised fields only, for comparing with expected values. */
export const fieldsOf = ({ position, startLine, raw, ...fields }: ParsedRecord) => fields
