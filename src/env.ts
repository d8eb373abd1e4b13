import { z } from 'zod'

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|libsql:|https?:|wss?:)/, 'must start with file:, libsql:, http(s): or ws(s):')
    .default('file:data/winnow.db'),
  DATABASE_AUTH_TOKEN: z.string().optional(),
  /** Where uploaded full texts and other project files are kept. */
  DATA_DIR: z.string().min(1).default('data'),
  /** Largest upload accepted, in megabytes. */
  MAX_UPLOAD_MB: z.coerce.number().positive().default(200),
  /** Extra origins allowed to post forms, e.g. the public https URL behind a proxy. */
  PUBLIC_ORIGIN: z.string().url().optional(),
  SESSION_DAYS: z.coerce.number().positive().default(14),
  /** Set to "true" when served over https (or behind a proxy that is), so cookies are Secure. */
  SECURE_COOKIES: z.enum(['true', 'false']).default('false'),
})

export type Env = z.infer<typeof EnvSchema>

/** The only reader of process.env: parse once, exit with a readable message on bad config. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(source)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    process.stderr.write(`winnow: bad configuration\n${lines.join('\n')}\n`)
    process.exit(1)
  }
  return parsed.data
}
