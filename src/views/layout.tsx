import { raw } from 'hono/html'
import type { Child } from 'hono/jsx'
import type { Member, Project, User } from '../db/schema.ts'
import type { Flash } from '../http/flash.ts'

export const HTMX_URL = '/public/htmx-4.0.1.min.js'

export interface LayoutProps {
  title: string
  user?: User | null
  flash?: Flash | undefined
  /** Inside a project: its tabs and the caller's role. */
  project?: { project: Project; member: Member; tab: ProjectTab } | undefined
  children?: Child
}

export type ProjectTab =
  | 'home'
  | 'screen'
  | 'conflicts'
  | 'agreement'
  | 'prisma'
  | 'fulltext'
  | 'extract'
  | 'synthesis'
  | 'imports'
  | 'records'
  | 'duplicates'
  | 'members'
  | 'settings'
  | 'audit'

const TABS: readonly { tab: ProjectTab; label: string; path: string; leadOnly?: boolean }[] = [
  { tab: 'home', label: 'Overview', path: '' },
  { tab: 'imports', label: 'Imports', path: '/imports' },
  { tab: 'records', label: 'Records', path: '/records' },
  { tab: 'duplicates', label: 'Duplicates', path: '/duplicates', leadOnly: true },
  { tab: 'screen', label: 'Screen', path: '/screen' },
  { tab: 'conflicts', label: 'Conflicts', path: '/conflicts' },
  { tab: 'fulltext', label: 'Full text', path: '/fulltext' },
  { tab: 'extract', label: 'Extraction', path: '/extraction' },
  { tab: 'synthesis', label: 'Synthesis', path: '/synthesis' },
  { tab: 'prisma', label: 'PRISMA', path: '/prisma' },
  { tab: 'agreement', label: 'Agreement', path: '/agreement' },
  { tab: 'members', label: 'Members', path: '/members' },
  { tab: 'settings', label: 'Settings', path: '/settings', leadOnly: true },
  { tab: 'audit', label: 'Audit', path: '/audit', leadOnly: true },
]

// hono/jsx writes no doctype; this constant is the one raw() in the views.
const DOCTYPE = raw('<!DOCTYPE html>')

export function Layout(props: LayoutProps) {
  const title = props.project ? `${props.title} · ${props.project.project.name}` : props.title
  return (
    <>
      {DOCTYPE}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="htmx-config" content='{"includeIndicatorCSS": false}' />
          <title>{`${title} — Winnow`}</title>
          <link rel="icon" href="/public/favicon.svg" type="image/svg+xml" />
          <link rel="stylesheet" href="/public/app.css" />
          <script src={HTMX_URL} defer></script>
          <script src="/public/app.js" defer></script>
        </head>
        <body>
          <a class="skip" href="#main">
            Skip to content
          </a>
          <header class="topbar">
            <a class="brand" href="/">
              <span aria-hidden="true" class="brand-mark">
                ▾
              </span>
              Winnow
            </a>
            {props.user && (
              <nav aria-label="Account" class="account">
                <a href="/projects">My projects</a>
                <a class="who" href="/account" title="Your account">
                  {props.user.name}
                </a>
                <form method="post" action="/logout" class="inline">
                  <button type="submit" class="link">
                    Sign out
                  </button>
                </form>
              </nav>
            )}
          </header>
          {props.project && <ProjectNav {...props.project} />}
          <main id="main">
            {props.flash && (
              <p class={`alert alert-${props.flash.kind}`} role="status">
                {props.flash.text}
              </p>
            )}
            {props.children}
          </main>
        </body>
      </html>
    </>
  )
}

function ProjectNav({
  project,
  member,
  tab,
}: {
  project: Project
  member: Member
  tab: ProjectTab
}) {
  const base = `/projects/${project.id}`
  return (
    <div class="projectbar">
      <div class="projectbar-title">
        <a href={base}>{project.name}</a>
        <span class={`badge badge-${member.role}`}>{member.role}</span>
      </div>
      <nav aria-label="Project">
        <ul class="tabs">
          {TABS.filter((t) => !t.leadOnly || member.role === 'lead').map((t) => (
            <li>
              <a href={base + t.path} aria-current={t.tab === tab ? 'page' : undefined}>
                {t.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </div>
  )
}
