import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { BIN } from './cli.ts'

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address()
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()))
    })
  })
}

export interface RunningServer {
  url: string
  child: ChildProcess
  /** Milliseconds from spawn until the server said it was listening. */
  startupMs: number
  output: () => string
  stop: () => Promise<void>
}

/** Starts the real `winnow serve` in a child process and waits until it listens. */
export async function startServer(env: Record<string, string>): Promise<RunningServer> {
  const port = await freePort()
  const started = performance.now()
  const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port)], {
    env: { ...process.env, HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (d) => (output += d))
  child.stderr!.on('data', (d) => (output += d))
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000)
    child.stdout!.on('data', () => {
      if (output.includes('listening')) {
        clearTimeout(timer)
        resolve()
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code}:\n${output}`))
    })
  })
  const startupMs = performance.now() - started
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    startupMs,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}
