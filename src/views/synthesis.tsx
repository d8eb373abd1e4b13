import {
  ASPECTS,
  COMB,
  DIRECTIONS,
  FINDING_KINDS,
  keysOf,
  LEVELS,
  STAKEHOLDERS,
} from '../domain/extraction-codes.ts'
import type { CombTable, SynthesisFilter, ToolkitTable } from '../domain/synthesis.ts'
import { describeFilter } from '../domain/synthesis-export.ts'
import { plural } from './format.ts'
import { Layout, type LayoutProps } from './layout.tsx'

/** The filter as query parameters, for links that keep it (evidence, downloads, the heat map). */
export function filterQuery(f: SynthesisFilter): string {
  const p = new URLSearchParams()
  for (const s of f.stakeholders ?? []) p.append('stakeholder', s)
  for (const l of f.levels ?? []) p.append('level', l)
  for (const s of f.settings ?? []) p.append('setting', s)
  if (f.verifiedOnly) p.set('verified', '1')
  return p.toString()
}

const GROUPS = [
  ['Capability', ['capability_physical', 'capability_psychological']],
  ['Opportunity', ['opportunity_physical', 'opportunity_social']],
  ['Motivation', ['motivation_reflective', 'motivation_automatic']],
] as const

export function SynthesisPage(props: {
  layout: LayoutProps
  projectId: number
  comb: CombTable
  toolkits: ToolkitTable
  filter: SynthesisFilter
  settingOptions: string[]
  studies: number
  isLead: boolean
}) {
  const base = `/projects/${props.projectId}/synthesis`
  const q = filterQuery(props.filter)
  const withQ = (path: string) => (q ? `${path}?${q}` : path)
  const f = props.filter
  const filtered = describeFilter(f)
  return (
    <Layout {...props.layout}>
      <h1>Synthesis</h1>
      <p class="lede">
        Barriers and enablers from the {plural(props.studies, 'included study', 'included studies')}
        , by theme and COM-B component. Each cell counts distinct studies, not rows; its references
        open the evidence.
      </p>
      <form method="get" action={base} class="synth-filters" aria-label="Filter the synthesis">
        <Checks
          name="stakeholder"
          legend="Stakeholder"
          options={STAKEHOLDERS}
          chosen={f.stakeholders ?? []}
        />
        <Checks name="level" legend="Level" options={LEVELS} chosen={f.levels ?? []} />
        <Checks
          name="setting"
          legend="Setting"
          options={Object.fromEntries(props.settingOptions.map((o) => [o, o]))}
          chosen={f.settings ?? []}
        />
        <fieldset>
          <legend>Rows</legend>
          <label class="choice">
            <input type="checkbox" name="verified" value="1" checked={f.verifiedOnly} /> Verified
            rows only
          </label>
          <div class="filter-actions">
            <button type="submit">Apply</button> <a href={base}>Clear</a>
          </div>
        </fieldset>
      </form>
      {filtered && <p class="alert alert-ok">{filtered}</p>}
      <p class="downloads">
        Download: <a href={withQ(`${base}.csv`)}>table (CSV)</a> ·{' '}
        <a href={withQ(`${base}.md`)}>report section (Markdown)</a> ·{' '}
        <a href={withQ(`/projects/${props.projectId}/synthesis-toolkits.csv`)}>toolkits (CSV)</a> ·{' '}
        <a href={withQ(`${base}/heatmap.svg`)}>heat map (SVG)</a> ·{' '}
        <a href={`/projects/${props.projectId}/findings.csv`}>all findings (CSV)</a>
      </p>
      {props.comb.total === 0 ? (
        <p class="empty">No findings {filtered ? 'match this filter' : 'extracted yet'}.</p>
      ) : (
        <figure class="card heatmap">
          <img
            src={withQ(`${base}/heatmap.svg`)}
            alt="Heat map: number of studies per theme and COM-B component, barriers and enablers"
          />
        </figure>
      )}
      {props.comb.panels.map((panel) => (
        <section aria-labelledby={`panel-${panel.kind}`}>
          <h2 id={`panel-${panel.kind}`}>
            {FINDING_KINDS[panel.kind]}s · {plural(panel.total, 'study', 'studies')}
          </h2>
          {panel.rows.length === 0 ? (
            <p class="empty">None.</p>
          ) : (
            <div class="table-scroll">
              <table class="synth" id={`synth-${panel.kind}`}>
                <thead>
                  <tr>
                    <th scope="col" rowspan={2}>
                      Theme
                    </th>
                    {GROUPS.map(([label]) => (
                      <th scope="colgroup" colspan={2} class="group">
                        {label}
                      </th>
                    ))}
                    <th scope="col" rowspan={2} class="num">
                      Studies
                    </th>
                  </tr>
                  <tr>
                    {keysOf(COMB).map((k) => (
                      <th scope="col">
                        {COMB[k].replace(/ (capability|opportunity|motivation)$/, '')}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {panel.rows.map((row) => (
                    <tr>
                      <th scope="row">
                        {row.theme.name}
                        {row.theme.origin === 'inductive' && <span class="meta"> (inductive)</span>}
                      </th>
                      {keysOf(COMB).map((k) => {
                        const cell = row.cells[k]
                        if (cell.studies === 0) return <td class="cell empty-cell"></td>
                        const params = new URLSearchParams(q)
                        params.set('kind', panel.kind)
                        params.set('theme', String(row.theme.id))
                        params.set('comb', k)
                        return (
                          <td class="cell">
                            <a href={`${base}/evidence?${params}`} class="cell-link">
                              <strong>{cell.studies}</strong>
                              <span class="refs">{cell.refs.join('; ')}</span>
                            </a>
                          </td>
                        )
                      })}
                      <td class="num">{row.total}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
      <section aria-labelledby="toolkits">
        <h2 id="toolkits">
          Toolkits and guides · {plural(props.toolkits.total, 'study', 'studies')}
        </h2>
        {props.toolkits.rows.length === 0 ? (
          <p class="empty">
            No toolkit or guide evaluations {filtered ? 'match this filter' : 'extracted yet'}.
          </p>
        ) : (
          <div class="table-scroll">
            <table class="synth" id="synth-toolkits">
              <thead>
                <tr>
                  <th scope="col">Toolkit or guide</th>
                  {keysOf(ASPECTS).map((a) => (
                    <th scope="col">{ASPECTS[a]}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {props.toolkits.rows.map((row) => (
                  <tr>
                    <th scope="row">{row.toolkit}</th>
                    {keysOf(ASPECTS).map((a) => {
                      const cell = row.cells[a]
                      if (cell.studies === 0) return <td class="cell empty-cell"></td>
                      const dirs = keysOf(DIRECTIONS)
                        .filter((d) => cell.directions[d] > 0)
                        .map((d) => `${cell.directions[d]} ${DIRECTIONS[d].toLowerCase()}`)
                      return (
                        <td class="cell">
                          <strong>{cell.studies}</strong>{' '}
                          <span class="meta">{dirs.join(', ')}</span>
                          <span class="refs">{cell.refs.join('; ')}</span>
                        </td>
                      )
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Layout>
  )
}

function Checks(props: {
  name: string
  legend: string
  options: Record<string, string>
  chosen: string[]
}) {
  const keys = Object.keys(props.options)
  if (keys.length === 0) return null
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      {keys.map((k) => (
        <label class="choice">
          <input type="checkbox" name={props.name} value={k} checked={props.chosen.includes(k)} />{' '}
          {props.options[k]}
        </label>
      ))}
    </fieldset>
  )
}

export interface EvidenceRow {
  id: number
  recordId: number
  ref: string
  title: string | null
  evidence: string
  page: string
  levelLabel: string
  stakeholderLabel: string
  extractedBy: string | null
  verifiedBy: string | null
}

export function EvidencePage(props: {
  layout: LayoutProps
  projectId: number
  heading: string
  filter: SynthesisFilter
  rows: EvidenceRow[]
}) {
  const base = `/projects/${props.projectId}/synthesis`
  const q = filterQuery(props.filter)
  return (
    <Layout {...props.layout}>
      <p class="crumbs">
        <a href={q ? `${base}?${q}` : base}>Synthesis</a> ›
      </p>
      <h1>{props.heading}</h1>
      {describeFilter(props.filter) && <p class="meta">{describeFilter(props.filter)}</p>}
      {props.rows.length === 0 ? (
        <p class="empty">No findings here.</p>
      ) : (
        <ol class="evidence">
          {props.rows.map((r) => (
            <li class="card">
              <p class="meta">
                <a href={`/projects/${props.projectId}/extraction/${r.recordId}`}>{r.ref}</a> ·{' '}
                {r.title ?? '(no title)'}
              </p>
              <blockquote>{r.evidence}</blockquote>
              <p class="meta">
                {r.page && `p. ${r.page} · `}
                {r.levelLabel} · {r.stakeholderLabel} · extracted by {r.extractedBy ?? '—'}
                {r.verifiedBy ? `, verified by ${r.verifiedBy}` : ', not yet verified'}
              </p>
            </li>
          ))}
        </ol>
      )}
    </Layout>
  )
}
