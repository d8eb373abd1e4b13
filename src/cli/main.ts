import { parseArgs } from 'node:util'
import { startServer } from '../server.ts'
import { projectAddMember, projectCreate, userAdd } from './accounts.ts'
import { backupCommand } from './backup.ts'
import { exportCommand } from './export.ts'
import { importCommand } from './import.ts'
import { prismaCommand } from './prisma.ts'
import { parseCommand } from './parse.ts'
import { simulateCommand } from './simulate.ts'
import { CliError, idOption, usageError, type CliIo } from './io.ts'

export const USAGE = `Usage: winnow <command> [options]

  serve [--port N]                                  run the web app (PORT, default 3000)
  user add --email E --name N --password-stdin      create an account (password on stdin)
  project create --name N --owner EMAIL             create a project; prints its id
  project add-member --project ID --email E --role lead|reviewer
  parse FILE...                                     print each record as JSON Lines (RIS or .nbib)
  import --project ID --source NAME [--register] FILE...
                                                    import search results; prints a JSON summary
  prisma --project ID [--format json|csv|svg]       the PRISMA 2020 flow counts or diagram
  export --project ID --what WHAT --format FORMAT   records, included (csv|ris|json); decisions
                                                    (csv|json); synthesis (csv|md); toolkits and
                                                    findings (csv)
  backup --to FILE                                  a consistent copy of the database (while it runs)
  simulate --csv FILE [--label COLUMN] [--seed N] [--runs N] [--batch N]
           [--drop-empty] [--drop-duplicates]       replay a labelled CSV (title, abstract, 0/1
                                                    label; default label_included, else label)
                                                    in priority order; prints WSS@95, recall@10 %
                                                    ... as JSON. Keeps every record unless told:
                                                    the published protocol uses both --drop flags

Configuration comes from the environment: DATABASE_URL (default file:data/winnow.db),
DATABASE_AUTH_TOKEN, PORT, HOST, DATA_DIR, MAX_UPLOAD_MB, PUBLIC_ORIGIN. See the README.
`

type Command = (args: string[], io: CliIo) => Promise<unknown>

const COMMANDS: Record<string, Command> = {
  serve: async (args, io) => {
    const { values } = parseArgs({ args, options: { port: { type: 'string' } } })
    const port = values.port === undefined ? io.env.PORT : idOption(values.port, 'port')
    await startServer(io.env, port)
  },
  'user add': userAdd,
  'project create': projectCreate,
  'project add-member': projectAddMember,
  parse: parseCommand,
  import: importCommand,
  prisma: prismaCommand,
  export: exportCommand,
  backup: backupCommand,
  simulate: simulateCommand,
}

/** Runs one command; returns the exit code (0 ok, 1 failed, 2 bad usage). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [first, second, ...rest] = argv
  if (first === undefined || first === 'help' || first === '--help' || first === '-h') {
    io.out(USAGE)
    return first === undefined ? 2 : 0
  }
  const two = `${first} ${second ?? ''}`.trim()
  const [command, args] = COMMANDS[two]
    ? [COMMANDS[two], rest]
    : [COMMANDS[first], second === undefined ? rest : [second, ...rest]]
  try {
    if (!command) throw usageError(`unknown command "${two}"`)
    await command(args, io)
    return 0
  } catch (e) {
    if (e instanceof CliError) {
      io.err(`winnow: ${e.message}\n`)
      if (e.usage) io.err(`Run "winnow help" for the commands.\n`)
      return e.code
    }
    // parseArgs reports unknown or malformed options this way.
    if (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS')) {
      io.err(`winnow: ${e.message}\nRun "winnow help" for the commands.\n`)
      return 2
    }
    throw e
  }
}
