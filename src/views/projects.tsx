import type { Project, Role } from '../db/schema.ts'
import type { Prisma } from '../domain/prisma.ts'
import { plural } from './format.ts'
import { Field, FormError, type FormState } from './components/form.tsx'
import { Layout, type LayoutProps } from './layout.tsx'

export interface ProjectListItem {
  project: Project
  role: Role
  members: number
}

export function ProjectsPage(props: {
  layout: LayoutProps
  items: ProjectListItem[]
  state?: FormState
}) {
  return (
    <Layout {...props.layout}>
      <h1>My projects</h1>
      {props.items.length === 0 ? (
        <p class="empty">You are not in any project yet. Create one, or ask a lead to add you.</p>
      ) : (
        <ul class="cards" id="project-list">
          {props.items.map(({ project, role, members }) => (
            <li class="card">
              <h2>
                <a href={`/projects/${project.id}`}>{project.name}</a>
              </h2>
              {project.description && <p>{project.description}</p>}
              <p class="meta">
                <span class={`badge badge-${role}`}>{role}</span> · {members}{' '}
                {members === 1 ? 'member' : 'members'}
              </p>
            </li>
          ))}
        </ul>
      )}
      <section class="card narrow" aria-labelledby="new-project">
        <h2 id="new-project">New project</h2>
        <p class="hint">You become its lead: you set the criteria and add the team.</p>
        <form method="post" action="/projects" novalidate>
          <FormError state={props.state} />
          <Field name="name" label="Name" state={props.state} required />
          <Field
            name="description"
            label="Description (optional)"
            state={props.state}
            hint="The review question, in a line."
          />
          <button type="submit">Create project</button>
        </form>
      </section>
    </Layout>
  )
}

export interface Overview {
  prisma: Prisma
  members: number
  waitingForMe: number
  titleAbstract: { pending: number; conflict: number }
}

export function ProjectHomePage(props: {
  layout: LayoutProps
  project: Project
  overview: Overview
}) {
  const { project, overview } = props
  const { identification: id, screening: s, included } = overview.prisma
  const base = `/projects/${project.id}`
  const sources = [...Object.entries(id.databases), ...Object.entries(id.registers)]
  const decided = s.records_excluded + s.reports_sought
  return (
    <Layout {...props.layout}>
      <h1>{project.name}</h1>
      {project.description && <p class="lede">{project.description}</p>}
      {sources.length === 0 ? (
        <section class="card">
          <h2>Start by importing your search results</h2>
          <p>
            Export each database search as RIS (or PubMed <code>.nbib</code>) and import it under
            Imports. {overview.members === 1 && 'Add your second reviewer under Members.'}
          </p>
          <p>
            <a class="button" href={`${base}/imports`}>
              Go to Imports
            </a>
          </p>
        </section>
      ) : (
        <ol class="pipeline" aria-label="Where the records stand">
          <li class="stage">
            <h2>Identified</h2>
            <p class="big">{id.records_identified.toLocaleString('en-GB')}</p>
            <p class="meta">
              {sources.map(([name, n]) => `${name} ${n.toLocaleString('en-GB')}`).join(' · ')}
            </p>
            <p class="meta">{plural(id.duplicates_removed, 'duplicate')} removed</p>
          </li>
          <li class="stage">
            <h2>Title and abstract</h2>
            <p class="big">
              {decided.toLocaleString('en-GB')}
              <span class="of"> of {s.records_screened.toLocaleString('en-GB')} decided</span>
            </p>
            <Bar part={decided} whole={s.records_screened} />
            <p class="meta">
              {plural(s.records_excluded, 'excluded', 'excluded')} ·{' '}
              {plural(overview.titleAbstract.conflict, 'conflict')} ·{' '}
              {overview.titleAbstract.pending.toLocaleString('en-GB')} waiting
            </p>
            {overview.waitingForMe > 0 ? (
              <a class="button" href={`${base}/screen`}>
                Screen: {plural(overview.waitingForMe, 'record')} waiting for you
              </a>
            ) : (
              <p class="meta">Nothing is waiting for you.</p>
            )}
          </li>
          <li class="stage">
            <h2>Full text</h2>
            <p class="big">
              {s.reports_assessed.toLocaleString('en-GB')}
              <span class="of"> of {s.reports_sought.toLocaleString('en-GB')} assessed</span>
            </p>
            <Bar part={s.reports_assessed + s.reports_not_retrieved} whole={s.reports_sought} />
            <p class="meta">{s.reports_not_retrieved} not retrieved</p>
          </li>
          <li class="stage">
            <h2>Included</h2>
            <p class="big">{included.studies.toLocaleString('en-GB')}</p>
            <p class="meta">
              <a href={`${base}/prisma.json`}>PRISMA counts</a>
            </p>
          </li>
        </ol>
      )}
    </Layout>
  )
}

function Bar(props: { part: number; whole: number }) {
  const pct = props.whole === 0 ? 0 : Math.round((props.part / props.whole) * 100)
  return (
    <div
      class="progress"
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
    >
      <div class="progress-bar" style={`width: ${pct}%`}></div>
    </div>
  )
}
