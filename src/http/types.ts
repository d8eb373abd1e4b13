import type { Db } from '../db/client.ts'
import type { Member, Project, User } from '../db/schema.ts'
import type { Ranking } from '../ranking/service.ts'
import type { Jobs } from './jobs.ts'

export interface AppConfig {
  sessionDays: number
  secureCookies: boolean
  /** Origins besides the request's own that may post forms (a public URL behind a proxy). */
  trustedOrigins: string[]
  maxUploadBytes: number
  dataDir: string
}

export interface Deps {
  db: Db
  config: AppConfig
  /** Milliseconds since the epoch; tests pass a fixed clock. */
  now: () => number
  jobs: Jobs
  /** Priority screening: reorders reviewers' queues in the background. */
  ranking: Ranking
}

export interface AppEnv {
  Variables: {
    deps: Deps
    /** Set by the session middleware; null when nobody is signed in. */
    user: User | null
    /** Set by access(): the project of a /projects/:id route and the caller's membership. */
    project: Project
    member: Member
  }
}
