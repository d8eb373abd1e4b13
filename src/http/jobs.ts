/**
 * Work a request starts and does not wait for (a large import). Kept here so a clean shutdown
 * and the tests can wait for it; nothing else about it lives in memory (progress is in the db).
 */
export interface Jobs {
  start(name: string, work: () => Promise<unknown>): void
  /** Resolves once every job started so far has ended. */
  idle(): Promise<void>
}

export function createJobs(log: (message: string, error: unknown) => void = console.error): Jobs {
  const running = new Set<Promise<unknown>>()
  return {
    start(name, work) {
      const job = work()
        .catch((error) => log(`${name} failed:`, error))
        .finally(() => running.delete(job))
      running.add(job)
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running])
    },
  }
}
