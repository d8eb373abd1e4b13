/**
 * The ranking worker thread: takes rank requests one at a time (training is CPU-bound and
 * would hold up every request if it ran on the server's thread) and answers each by its id.
 */
import { parentPort } from 'node:worker_threads'
import { createComputer, type RankRequest } from './compute.ts'

export type WorkerRequest = { id: number; request: RankRequest }
export type WorkerReply =
  | { id: number; ok: true; result: Awaited<ReturnType<ReturnType<typeof createComputer>['rank']>> }
  | { id: number; ok: false; error: string }

const port = parentPort
if (!port) throw new Error('src/ranking/worker.ts runs as a worker thread')

const computer = createComputer()
let chain = Promise.resolve()
port.on('message', ({ id, request }: WorkerRequest) => {
  chain = chain.then(async () => {
    try {
      port.postMessage({ id, ok: true, result: await computer.rank(request) } satisfies WorkerReply)
    } catch (error) {
      port.postMessage({ id, ok: false, error: describe(error) } satisfies WorkerReply)
    }
  })
})
port.on('close', () => computer.close())

/** The error's stack and its causes (drizzle wraps SQLite's own message in `cause`). */
function describe(error: unknown): string {
  const parts: string[] = []
  for (let e = error, depth = 0; e !== undefined && depth < 5; depth++) {
    parts.push(e instanceof Error ? (e.stack ?? e.message) : String(e))
    e = e instanceof Error ? e.cause : undefined
  }
  return parts.join('\ncaused by: ')
}
