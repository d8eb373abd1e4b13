import type { Role } from '../db/schema.ts'
import { Field, FormError, Select, type FormState } from './components/form.tsx'
import { Layout, type LayoutProps } from './layout.tsx'

export interface MemberRow {
  userId: number
  name: string
  email: string
  role: Role
  canResolve: boolean
}

const ROLE_OPTIONS = [
  ['reviewer', 'Reviewer: screens and extracts'],
  ['lead', 'Lead: also settings, imports, members, exports'],
] as const

export const MEMBERS_TABLE_ID = 'members'

export function MembersPage(props: {
  layout: LayoutProps
  projectId: number
  members: MemberRow[]
  isLead: boolean
  meId: number
  state?: FormState
}) {
  const base = `/projects/${props.projectId}/members`
  return (
    <Layout {...props.layout}>
      <h1>Members</h1>
      <table id={MEMBERS_TABLE_ID}>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            {props.isLead && <th scope="col">Change</th>}
          </tr>
        </thead>
        <tbody>
          {props.members.map((m) => (
            <tr>
              <td>
                {m.name}
                {m.userId === props.meId && <span class="meta"> (you)</span>}
              </td>
              <td>{m.email}</td>
              <td>
                <span class={`badge badge-${m.role}`}>{m.role}</span>
              </td>
              {props.isLead && (
                <td class="actions">
                  <form method="post" action={`${base}/${m.userId}/role`} class="inline">
                    <input
                      type="hidden"
                      name="role"
                      value={m.role === 'lead' ? 'reviewer' : 'lead'}
                    />
                    <button type="submit" class="secondary small">
                      {m.role === 'lead' ? 'Make reviewer' : 'Make lead'}
                    </button>
                  </form>
                  <form
                    method="post"
                    action={`${base}/${m.userId}/remove`}
                    class="inline"
                    data-confirm={`Remove ${m.name} from this project? Their decisions are kept.`}
                  >
                    <button type="submit" class="danger small">
                      Remove
                    </button>
                  </form>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {props.isLead && (
        <section class="card narrow" aria-labelledby="add-member">
          <h2 id="add-member">Add a member</h2>
          <p class="hint">
            They need an account first (ask your administrator, or <code>npx winnow user add</code>
            ).
          </p>
          <form method="post" action={base} novalidate>
            <FormError state={props.state} />
            <Field name="email" label="Email" type="email" state={props.state} required />
            <Select
              name="role"
              label="Role"
              options={ROLE_OPTIONS}
              state={props.state}
              value="reviewer"
            />
            <button type="submit">Add member</button>
          </form>
        </section>
      )}
    </Layout>
  )
}
