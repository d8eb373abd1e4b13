import type { Project, Role } from '../db/schema.ts'
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
  members: number
  records: number
}

export function ProjectHomePage(props: {
  layout: LayoutProps
  project: Project
  overview: Overview
}) {
  const { project, overview } = props
  return (
    <Layout {...props.layout}>
      <h1>{project.name}</h1>
      {project.description && <p class="lede">{project.description}</p>}
      <dl class="stats">
        <div>
          <dt>Records</dt>
          <dd>{overview.records}</dd>
        </div>
        <div>
          <dt>Members</dt>
          <dd>{overview.members}</dd>
        </div>
      </dl>
    </Layout>
  )
}
