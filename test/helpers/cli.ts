import { spawn } from 'node:child_process'
import { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { runCli } from '../../src/cli/main.ts'
import { readEnv, type Env } from '../../src/env.ts'

export const BIN = fileURLToPath(new URL('../../bin/winnow.js', import.meta.url))

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs a command in this process, with its own streams and a DATABASE_URL of the test's. */
export async function cli(args: string[], env: Partial<Env>, stdin = ''): Promise<CliResult> {
  let stdout = ''
  let stderr = ''
  const code = await runCli(args, {
    env: { ...readEnv({}), ...env },
    stdin: Readable.from([Buffer.from(stdin)]),
    out: (t) => void (stdout += t),
    err: (t) => void (stderr += t),
  })
  return { code, stdout, stderr }
}

/** Runs the real `winnow` executable in a child process. */
export function spawnCli(
  args: string[],
  env: Record<string, string>,
  stdin = ''
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }))
    child.stdin.end(stdin)
  })
}
