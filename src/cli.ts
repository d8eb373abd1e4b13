import { runCli } from './cli/main.ts'
import { readEnv } from './env.ts'

const code = await runCli(process.argv.slice(2), {
  env: readEnv(),
  stdin: process.stdin,
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
})
// `serve` keeps running; every other command ends here.
if (process.argv[2] !== 'serve') process.exitCode = code
