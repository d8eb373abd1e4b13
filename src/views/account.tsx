import type { User } from '../db/schema.ts'
import { MIN_PASSWORD_LENGTH } from '../security/password.ts'
import { Field, FormError, type FormState } from './components/form.tsx'
import { Layout, type LayoutProps } from './layout.tsx'

export function AccountPage(props: { layout: LayoutProps; user: User; state?: FormState }) {
  return (
    <Layout {...props.layout}>
      <h1>Your account</h1>
      <p>
        {props.user.name} · {props.user.email}
      </p>
      <section class="card narrow" aria-labelledby="pw-title">
        <h2 id="pw-title">Change your password</h2>
        <p class="hint">Every other sign-in of yours (other browsers, other computers) ends.</p>
        <form method="post" action="/account/password" novalidate>
          <FormError state={props.state} />
          <Field
            name="current"
            label="Current password"
            type="password"
            state={props.state}
            required
            autocomplete="current-password"
          />
          <Field
            name="password"
            label="New password"
            type="password"
            state={props.state}
            required
            autocomplete="new-password"
            hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
          />
          <Field
            name="confirm"
            label="New password again"
            type="password"
            state={props.state}
            required
            autocomplete="new-password"
          />
          <button type="submit">Change password</button>
        </form>
      </section>
    </Layout>
  )
}
