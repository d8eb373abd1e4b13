import { Field, FormError, type FormState } from './components/form.tsx'
import { Layout, type LayoutProps } from './layout.tsx'
import { MIN_PASSWORD_LENGTH } from '../security/password.ts'

export function SetupPage({ layout, state }: { layout: LayoutProps; state?: FormState }) {
  return (
    <Layout {...layout}>
      <section class="narrow card">
        <h1>Welcome to Winnow</h1>
        <p class="lede">
          This installation has no accounts yet. Create the first one: you can then create a project
          and give your team accounts (<code>npx winnow user add</code>).
        </p>
        <form method="post" action="/setup" novalidate>
          <FormError state={state} />
          <Field
            name="name"
            label="Your name"
            state={state}
            required
            autocomplete="name"
            autofocus
          />
          <Field
            name="email"
            label="Email"
            type="email"
            state={state}
            required
            autocomplete="email"
          />
          <Field
            name="password"
            label="Password"
            type="password"
            state={state}
            required
            autocomplete="new-password"
            hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
          />
          <Field
            name="confirm"
            label="Password again"
            type="password"
            state={state}
            required
            autocomplete="new-password"
          />
          <button type="submit">Create the first account</button>
        </form>
      </section>
    </Layout>
  )
}

export function LoginPage(props: { layout: LayoutProps; state?: FormState; next?: string }) {
  return (
    <Layout {...props.layout}>
      <section class="narrow card">
        <h1>Sign in</h1>
        <form method="post" action="/login" novalidate>
          <FormError state={props.state} />
          <input type="hidden" name="next" value={props.next ?? ''} />
          <Field
            name="email"
            label="Email"
            type="email"
            state={props.state}
            required
            autocomplete="username"
            autofocus
          />
          <Field
            name="password"
            label="Password"
            type="password"
            state={props.state}
            required
            autocomplete="current-password"
          />
          <button type="submit">Sign in</button>
        </form>
      </section>
    </Layout>
  )
}
