import { serveStatic } from '@hono/node-server/serve-static'
import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { csrf } from 'hono/csrf'
import { HTTPException } from 'hono/http-exception'
import { secureHeaders } from 'hono/secure-headers'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Db } from './db/client.ts'
import { AppError } from './errors.ts'
import { access } from './http/access.ts'
import { isHtmx } from './http/htmx.ts'
import { createJobs, type Jobs } from './http/jobs.ts'
import { chrome } from './http/page.ts'
import { createRankPool, type RankPool } from './ranking/pool.ts'
import { createRanking } from './ranking/service.ts'
import { loadSession, requireUser } from './http/session.ts'
import type { AppConfig, AppEnv, Deps } from './http/types.ts'
import { accountRoutes } from './routes/account.tsx'
import { auditRoutes } from './routes/audit.tsx'
import { auth } from './routes/auth.tsx'
import { duplicatesRoutes } from './routes/duplicates.tsx'
import { importsRoutes } from './routes/imports.tsx'
import { membersRoutes } from './routes/members.tsx'
import { recordsRoutes } from './routes/records.tsx'
import { screenRoutes } from './routes/screen.tsx'
import { fulltextRoutes } from './routes/fulltext.tsx'
import { extractManageRoutes } from './routes/extract-manage.tsx'
import { extractRoutes } from './routes/extract.tsx'
import { synthesisRoutes } from './routes/synthesis.tsx'
import { settingsRoutes } from './routes/settings.tsx'
import { conflictsRoutes } from './routes/conflicts.tsx'
import { agreementRoutes } from './routes/agreement.tsx'
import { exportsRoutes } from './routes/exports.tsx'
import { prismaRoutes } from './routes/prisma.tsx'
import { projectsRoutes } from './routes/projects.tsx'
import { ErrorPage } from './views/error.tsx'
import { HTMX_URL } from './views/layout.tsx'

/** Routes that take file uploads; everything else gets the small form limit. */
const UPLOAD_PATH = /^\/projects\/\d+\/(imports|records\/\d+\/fulltext)\/?$/
const FORM_LIMIT = 1024 * 1024
const MULTIPART_OVERHEAD = 1024 * 1024

const PUBLIC_DIR = fileURLToPath(new URL('../public', import.meta.url))
const HTMX_DIR = dirname(createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js'))

export const defaultConfig: AppConfig = {
  sessionDays: 14,
  secureCookies: false,
  trustedOrigins: [],
  maxUploadBytes: 200 * 1024 * 1024,
  dataDir: 'data',
}

export interface AppOptions {
  db: Db
  config?: Partial<AppConfig>
  now?: () => number
  jobs?: Jobs
  /** The ranking worker thread; one per process unless a test brings its own. */
  rankPool?: RankPool
}

let processPool: RankPool | undefined

/** The composition root: server and tests build the same app. */
export function createApp(options: AppOptions) {
  const now = options.now ?? Date.now
  const jobs = options.jobs ?? createJobs()
  const pool = options.rankPool ?? (processPool ??= createRankPool())
  const deps: Deps = {
    db: options.db,
    config: { ...defaultConfig, ...options.config },
    now,
    jobs,
    ranking: createRanking({ db: options.db, jobs, now, pool }),
  }
  const app = new Hono<AppEnv>()

  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        // Widths of progress bars and heat-map cells are set inline; no script is.
        styleSrcAttr: ["'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
      },
      crossOriginEmbedderPolicy: false,
    })
  )
  app.use(
    csrf({
      origin: (origin, c) =>
        origin === new URL(c.req.url).origin || deps.config.trustedOrigins.includes(origin),
    })
  )
  // Uploads may be large; every other form is small, and a huge one is refused before it is read.
  const uploadLimit = bodyLimit({
    maxSize: deps.config.maxUploadBytes + MULTIPART_OVERHEAD,
    onError: () => {
      throw new AppError(
        413,
        `That upload is larger than the limit of ${formatMb(deps.config.maxUploadBytes)}. Split the export into smaller files, or ask the administrator to raise MAX_UPLOAD_MB.`
      )
    },
  })
  const formLimit = bodyLimit({
    maxSize: FORM_LIMIT,
    onError: () => {
      throw new AppError(
        413,
        `That form is larger than ${formatMb(FORM_LIMIT)}; nothing was saved.`
      )
    },
  })
  app.use((c, next) => (UPLOAD_PATH.test(c.req.path) ? uploadLimit : formLimit)(c, next))

  // The URL names the version, so the file can be cached for good.
  app.get(HTMX_URL, immutable, serveStatic({ root: HTMX_DIR, path: 'htmx.min.js' }))
  app.use(
    '/public/*',
    serveStatic({ root: PUBLIC_DIR, rewriteRequestPath: (p) => p.slice('/public'.length) })
  )

  app.use(async (c, next) => {
    c.set('deps', deps)
    await next()
  })
  app.use(loadSession())
  app.route('/', auth)
  app.route('/', accountRoutes)
  app.use('/projects', requireUser())
  app.use('/projects/*', requireUser())
  // Outsiders get 404 on every URL of a project, including ones no route answers.
  app.use('/projects/:id/*', access('member'))
  app.route('/', projectsRoutes)
  app.route('/', membersRoutes)
  app.route('/', importsRoutes)
  app.route('/', recordsRoutes)
  app.route('/', duplicatesRoutes)
  app.route('/', screenRoutes)
  app.route('/', fulltextRoutes)
  app.route('/', extractManageRoutes)
  app.route('/', extractRoutes)
  app.route('/', synthesisRoutes)
  app.route('/', conflictsRoutes)
  app.route('/', agreementRoutes)
  app.route('/', exportsRoutes)
  app.route('/', prismaRoutes)
  app.route('/', settingsRoutes)
  app.route('/', auditRoutes)

  app.notFound((c) => errorResponse(c, 404, 'There is nothing at this address.'))
  app.onError((err, c) => {
    if (err instanceof AppError) return errorResponse(c, err.status, err.message)
    if (err instanceof HTTPException) return err.getResponse()
    console.error(`${c.req.method} ${c.req.path}:`, err)
    return errorResponse(
      c,
      500,
      'The server hit an unexpected error. Nothing was saved by this request.'
    )
  })
  return app
}

export type App = ReturnType<typeof createApp>

function errorResponse(c: Context<AppEnv>, status: number, message: string) {
  const code = status as 400
  if (isHtmx(c) || !c.var.deps) return c.text(message, code)
  const layout = { ...chrome(c, 'Error'), user: c.var.user ?? null }
  return c.html(<ErrorPage layout={layout} status={status} message={message} />, code)
}

async function immutable(c: Context, next: () => Promise<void>) {
  await next()
  if (c.res.ok) c.res.headers.set('Cache-Control', 'public, max-age=31536000, immutable')
}

function formatMb(bytes: number) {
  return `${Math.max(1, Math.round(bytes / 1024 / 1024))} MB`
}
