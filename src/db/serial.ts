/**
 * Runs async jobs one at a time, in arrival order. libsql's pool gives each transaction its own
 * connection, and a second writer fails at once with SQLITE_BUSY (busy timeout 0), so every
 * write of a process goes through one of these.
 */
export function createSerial() {
  let tail: Promise<unknown> = Promise.resolve()
  return function run<T>(job: () => Promise<T>): Promise<T> {
    const result = tail.then(job)
    // The chain must survive a failed job; the caller still sees the failure.
    tail = result.catch(() => undefined)
    return result
  }
}
