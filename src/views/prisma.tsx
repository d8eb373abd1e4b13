import { pendingNote, prismaBoxes, type BoxLine } from '../domain/prisma-boxes.ts'
import type { Prisma } from '../domain/prisma.ts'
import { Layout, type LayoutProps } from './layout.tsx'

export const DIAGRAM_ID = 'prisma-diagram'
export const COUNTS_ID = 'prisma-counts'
export const PENDING_ID = 'prisma-pending'

export function PrismaPage(props: {
  layout: LayoutProps
  projectId: number
  prisma: Prisma
  /** The diagram's size, so the page keeps its place while the image loads. */
  size: { width: number; height: number }
}) {
  const base = `/projects/${props.projectId}`
  const note = pendingNote(props.prisma)
  return (
    <Layout {...props.layout}>
      <h1>PRISMA 2020 flow diagram</h1>
      <p class="lede">
        Every number is counted from this review’s data — imports, duplicates and the decisions made
        so far — and updates as screening goes on.
      </p>
      {note && (
        <p class="alert alert-wip" role="status" id={PENDING_ID}>
          {note}
        </p>
      )}
      <figure class="prisma-figure">
        <img
          id={DIAGRAM_ID}
          src={`${base}/prisma.svg`}
          width={props.size.width}
          height={props.size.height}
          alt="The PRISMA 2020 flow diagram of this review. The table below gives the same counts."
        />
      </figure>
      <p class="hint">
        Winnow removes nothing before screening except duplicates, and counts each included report
        as one study: it does not link several reports of the same study.
      </p>

      <section aria-labelledby="prisma-downloads">
        <h2 id="prisma-downloads">Downloads</h2>
        <ul class="downloads">
          <li>
            <a href={`${base}/prisma.svg`} download={`prisma-project-${props.projectId}.svg`}>
              Flow diagram (SVG)
            </a>{' '}
            <span class="meta">— scales without blurring in Word, LibreOffice and on the web</span>
          </li>
          <li>
            Counts: <a href={`${base}/prisma.json`}>JSON</a> ·{' '}
            <a href={`${base}/prisma.csv`}>CSV</a>
          </li>
        </ul>
      </section>

      <section aria-labelledby="prisma-numbers">
        <h2 id="prisma-numbers">The numbers</h2>
        <div class="table-scroll">
          <PrismaTable prisma={props.prisma} />
        </div>
      </section>
    </Layout>
  )
}

/** The diagram's boxes line by line, for screen readers and for copying into a report. */
function PrismaTable({ prisma }: { prisma: Prisma }) {
  const rows = prismaBoxes(prisma)
  const phases = [...new Set(rows.map((r) => r.phase))]
  const { pending } = prisma
  return (
    <table id={COUNTS_ID} class="prisma-table">
      <thead>
        <tr>
          <th scope="col">Box</th>
          <th scope="col" class="num">
            n
          </th>
        </tr>
      </thead>
      {phases.map((phase) => (
        <tbody>
          <tr>
            <th scope="rowgroup" colspan={2} class="prisma-phase">
              {phase}
            </th>
          </tr>
          {rows
            .filter((r) => r.phase === phase)
            .flatMap((r) => [...r.main.lines, ...(r.side?.lines ?? [])])
            .map((line) => (
              <CountRow line={line} />
            ))}
        </tbody>
      ))}
      <tbody>
        <tr>
          <th scope="rowgroup" colspan={2} class="prisma-phase">
            Not yet decided
          </th>
        </tr>
        <CountRow
          line={{ text: 'Records awaiting title/abstract decisions', n: pending.title_abstract }}
        />
        <CountRow line={{ text: 'Reports awaiting full-text decisions', n: pending.full_text }} />
        <CountRow
          line={{ text: 'of which in conflict between reviewers', n: pending.conflicts, indent: 1 }}
        />
      </tbody>
    </table>
  )
}

function CountRow({ line }: { line: BoxLine }) {
  const indent = line.indent ? `prisma-indent-${line.indent}` : undefined
  if (line.n === undefined) {
    return (
      <tr>
        <td colspan={2} class={indent}>
          {line.text}
        </td>
      </tr>
    )
  }
  return (
    <tr>
      <th scope="row" class={indent}>
        {line.text}
      </th>
      <td class="num">{line.n.toLocaleString('en-GB')}</td>
    </tr>
  )
}
