import { serve } from '@hono/node-server'
import { createApp } from './app.tsx'
import { openDb } from './db/client.ts'
import { migrateDb } from './db/migrate.ts'
import type { Env } from './env.ts'
import { recoverStaleImports } from './queries/imports.ts'

/** Process entry: env → open db → migrate → serve. Nothing else. */
export async function startServer(env: Env, port = env.PORT) {
  const started = performance.now()
  const db = openDb({ url: env.DATABASE_URL, authToken: env.DATABASE_AUTH_TOKEN })
  await migrateDb(db)
  const cutOff = await db.write((tx) => recoverStaleImports(tx, Date.now()))
  if (cutOff.length > 0) {
    console.log(
      `Removed ${cutOff.length} import(s) cut off when the server last stopped: ${cutOff.join(', ')}`
    )
  }
  const app = createApp({
    db,
    config: {
      sessionDays: env.SESSION_DAYS,
      secureCookies: env.SECURE_COOKIES === 'true',
      trustedOrigins: env.PUBLIC_ORIGIN ? [new URL(env.PUBLIC_ORIGIN).origin] : [],
      maxUploadBytes: env.MAX_UPLOAD_MB * 1024 * 1024,
      dataDir: env.DATA_DIR,
    },
  })
  const server = serve({ fetch: app.fetch, port, hostname: env.HOST }, (info) => {
    const ms = Math.round(performance.now() - started)
    const where = redact(env.DATABASE_URL)
    console.log(
      `Winnow is listening on http://localhost:${info.port} (database ${where}; ready in ${ms} ms)`
    )
  })
  const stop = () => {
    server.close(() => {
      db.close()
      process.exit(0)
    })
    // Requests still running after 10 s are cut off.
    setTimeout(() => process.exit(0), 10_000).unref()
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  return server
}

/** Never print a token that might sit in the URL. */
function redact(url: string) {
  return url.replace(/authToken=[^&]+/i, 'authToken=…')
}
