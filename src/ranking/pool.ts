/**
 * One ranking worker thread, started on first use and stopped after `idleMs` without work
 * (its cached vectors go with it). Requests queue in the worker; a crash fails the requests in
 * flight with the worker's error and the next request starts a new worker.
 */
import { Worker } from 'node:worker_threads'
import type { RankRequest, RankResult } from './compute.ts'
import type { WorkerReply } from './worker.ts'

export interface RankPool {
  rank(request: RankRequest): Promise<RankResult>
  close(): Promise<void>
}

const ENTRY = new URL('./worker-entry.js', import.meta.url)

export function createRankPool({ idleMs = 5 * 60_000 } = {}): RankPool {
  let worker: Worker | undefined
  let nextId = 1
  let idleTimer: NodeJS.Timeout | undefined
  const pending = new Map<
    number,
    { resolve: (r: RankResult) => void; reject: (e: Error) => void }
  >()

  const failAll = (error: Error) => {
    for (const p of pending.values()) p.reject(error)
    pending.clear()
  }

  function start(): Worker {
    const w = new Worker(ENTRY)
    w.unref()
    w.on('message', (reply: WorkerReply) => {
      const p = pending.get(reply.id)
      if (!p) return
      pending.delete(reply.id)
      if (reply.ok) p.resolve(reply.result)
      else p.reject(new Error(`ranking worker: ${reply.error}`))
      if (pending.size === 0) {
        w.unref()
        idleLater()
      }
    })
    w.on('error', (error) => {
      if (worker === w) worker = undefined
      failAll(error)
    })
    w.on('exit', (code) => {
      if (worker === w) worker = undefined
      if (pending.size > 0) failAll(new Error(`ranking worker stopped (exit code ${code})`))
    })
    return w
  }

  function idleLater() {
    clearTimeout(idleTimer)
    idleTimer = setTimeout(() => {
      if (pending.size === 0 && worker) {
        void worker.terminate()
        worker = undefined
      }
    }, idleMs)
    idleTimer.unref()
  }

  return {
    rank(request) {
      clearTimeout(idleTimer)
      worker ??= start()
      const id = nextId++
      const w = worker
      // Kept referenced while it owes an answer, so the process waits for it.
      w.ref()
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject })
        w.postMessage({ id, request })
      })
    },
    async close() {
      clearTimeout(idleTimer)
      const w = worker
      worker = undefined
      if (w) await w.terminate()
      failAll(new Error('ranking worker closed'))
    },
  }
}
