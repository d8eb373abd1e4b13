import { Layout, type LayoutProps } from './layout.tsx'

const TITLES: Record<number, string> = {
  400: 'That request could not be understood',
  403: 'Not allowed',
  404: 'Not found',
  409: 'That clashes with something',
  413: 'Too large',
  422: 'Please check the form',
  500: 'Something went wrong',
}

export function ErrorPage(props: { layout: LayoutProps; status: number; message: string }) {
  return (
    <Layout {...props.layout}>
      <section class="narrow card">
        <h1>{TITLES[props.status] ?? 'Error'}</h1>
        <p>{props.message}</p>
        <p>
          <a href="/">Back to the start</a>
        </p>
      </section>
    </Layout>
  )
}
