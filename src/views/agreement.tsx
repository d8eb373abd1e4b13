import type { Agreement, NamedPair } from '../queries/agreement.ts'
import { plural } from './format.ts'
import { Layout, type LayoutProps } from './layout.tsx'

export const PAIRS_ID = 'agreement-pairs'
export const REVIEWERS_ID = 'reviewer-progress'

const percent = (x: number) => `${Math.round(x * 100)} %`
const pct = (n: number, of: number) => (of === 0 ? 0 : Math.round((n / of) * 100))

/** Landis & Koch (1977), the words reviews usually report with κ. */
export function kappaWords(kappa: number): string {
  if (kappa < 0) return 'worse than chance'
  if (kappa <= 0.2) return 'slight'
  if (kappa <= 0.4) return 'fair'
  if (kappa <= 0.6) return 'moderate'
  if (kappa <= 0.8) return 'substantial'
  return 'almost perfect'
}

export function AgreementPage(props: {
  layout: LayoutProps
  projectId: number
  agreement: Agreement
  /** Rapid mode: the κ calibration must reach. */
  threshold?: number | undefined
  isLead: boolean
}) {
  const { pairs, reviewers, project } = props.agreement
  const base = `/projects/${props.projectId}`
  return (
    <Layout {...props.layout}>
      <h1>Agreement and progress</h1>
      <p class="lede">
        Title/abstract screening. Only totals are shown here: no vote on a record is visible until
        the record is decided or in conflict.
      </p>
      <dl class="stats">
        <div>
          <dt>In screening</dt>
          <dd>{project.total.toLocaleString('en-GB')}</dd>
        </div>
        <div>
          <dt>Decided</dt>
          <dd>{project.settled.toLocaleString('en-GB')}</dd>
        </div>
        <div class={project.conflict > 0 ? 'stat-warn' : undefined}>
          <dt>In conflict</dt>
          <dd>
            {project.conflict > 0 ? (
              <a href={`${base}/conflicts`}>{project.conflict.toLocaleString('en-GB')}</a>
            ) : (
              '0'
            )}
          </dd>
        </div>
        <div>
          <dt>Waiting</dt>
          <dd>{project.pending.toLocaleString('en-GB')}</dd>
        </div>
      </dl>

      <section aria-labelledby="pairs-title">
        <h2 id="pairs-title">Reviewer pairs</h2>
        <p class="hint">
          Over the records both reviewers screened. Cohen’s κ is agreement corrected for chance,
          with include and maybe on one side and exclude on the other.
          {props.threshold !== undefined &&
            ` Rapid mode: calibration passes at κ ≥ ${props.threshold.toFixed(2)}.`}
        </p>
        {pairs.length === 0 ? (
          <p class="empty">
            No two reviewers have decided the same record yet: agreement appears once records are
            decided or in conflict.
          </p>
        ) : (
          <div class="table-scroll">
            <table id={PAIRS_ID} class="agreement-table">
              <thead>
                <tr>
                  <th scope="col">Reviewers</th>
                  <th scope="col" class="num">
                    Both screened
                  </th>
                  <th scope="col" class="num">
                    Agreement
                  </th>
                  <th scope="col" class="num">
                    Cohen’s κ
                  </th>
                  <th scope="col">How they split</th>
                </tr>
              </thead>
              <tbody>
                {pairs.map((p) => (
                  <PairRow pair={p} threshold={props.threshold} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        {pairs.some((p) => p.kappa === null) && (
          <p class="hint" id="kappa-undefined">
            — κ is undefined when both reviewers put every record they share on the same side (for
            example, both excluded all of them): agreement expected by chance is then 100 %, and κ
            cannot tell whether they would agree on a record that should pass.
          </p>
        )}
      </section>

      <section aria-labelledby="progress-title">
        <h2 id="progress-title">Progress per member</h2>
        <div class="table-scroll">
          <table id={REVIEWERS_ID} class="progress-table">
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Screened</th>
                <th scope="col" class="num">
                  Waiting for them
                </th>
              </tr>
            </thead>
            <tbody>
              {reviewers.map((r) => (
                <tr>
                  <td>
                    {r.name} <span class={`badge badge-${r.role}`}>{r.role}</span>
                  </td>
                  <td class="progress-cell">
                    <span class="meta">
                      {r.screened.toLocaleString('en-GB')} of {plural(project.total, 'record')}
                    </span>
                    <div
                      class="progress"
                      role="progressbar"
                      aria-label={`${r.name}: records screened`}
                      aria-valuemin={0}
                      aria-valuemax={100}
                      aria-valuenow={pct(r.screened, project.total)}
                    >
                      <div
                        class="progress-bar"
                        style={`width: ${pct(r.screened, project.total)}%`}
                      ></div>
                    </div>
                  </td>
                  <td class="num">{r.waiting.toLocaleString('en-GB')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="downloads-title">
        <h2 id="downloads-title">Downloads</h2>
        <ul class="downloads">
          <li>
            <a href={`${base}/agreement.json`}>Agreement (JSON)</a>
          </li>
          <li>
            PRISMA 2020 counts: <a href={`${base}/prisma.json`}>JSON</a> ·{' '}
            <a href={`${base}/prisma.csv`}>CSV</a>
          </li>
          {props.isLead && (
            <li>
              <a href={`${base}/export/decisions.csv`}>Every decision and resolution (CSV)</a>{' '}
              <span class="meta">— leads only: it names who voted what</span>
            </li>
          )}
        </ul>
      </section>
    </Layout>
  )
}

function PairRow({ pair, threshold }: { pair: NamedPair; threshold?: number | undefined }) {
  const [a, b] = pair.names
  const t = pair.table
  const below = threshold !== undefined && pair.kappa !== null && pair.kappa < threshold
  return (
    <tr>
      <td>
        {a} &amp; {b}
      </td>
      <td class="num">{pair.bothScreened.toLocaleString('en-GB')}</td>
      <td class="num">{percent(pair.agreement)}</td>
      <td class={below ? 'num kappa-below' : 'num'}>
        {pair.kappa === null ? (
          <a href="#kappa-undefined" title="κ is undefined for this pair: see below">
            —
          </a>
        ) : (
          <>
            {pair.kappa.toFixed(2)} <span class="meta">{kappaWords(pair.kappa)}</span>
          </>
        )}
      </td>
      <td class="meta">
        Agree: {t.yesYes} pass, {t.noNo} excluded
        <br />
        Differ: only {a} passes {t.yesNo}, only {b} passes {t.noYes}
      </td>
    </tr>
  )
}
