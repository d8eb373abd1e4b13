import { Hono, type Context } from 'hono'
import {
  COMB,
  FINDING_KINDS,
  LEVELS,
  STAKEHOLDERS,
  type ComB,
  type FindingKind,
  type Level,
  type Stakeholder,
} from '../domain/extraction-codes.ts'
import { heatmapSvg } from '../domain/heatmap-svg.ts'
import { combTable, toolkitTable, type SynthesisFilter } from '../domain/synthesis.ts'
import { notFound } from '../errors.ts'
import { access } from '../http/access.ts'
import { csvDownload, csvLines } from '../http/csv.ts'
import { chrome } from '../http/page.ts'
import type { AppEnv } from '../http/types.ts'
import { SYNTHESIS_EXPORTS } from '../queries/synthesis-export.ts'
import { findingDetails, loadSynthesisInput } from '../queries/synthesis.ts'
import { EvidencePage, SynthesisPage } from '../views/synthesis.tsx'

/** The filter from the query string; unknown values are dropped, never trusted. */
export function readFilter(c: Context<AppEnv>, settingOptions: string[]): SynthesisFilter {
  const pick = <K extends string>(name: string, allowed: Record<K, string>) =>
    (c.req.queries(name) ?? []).filter((v): v is K => v in allowed)
  const settings = (c.req.queries('setting') ?? []).filter((s) => settingOptions.includes(s))
  return {
    stakeholders: pick<Stakeholder>('stakeholder', STAKEHOLDERS),
    levels: pick<Level>('level', LEVELS),
    settings,
    verifiedOnly: c.req.query('verified') === '1',
  }
}

async function tables(c: Context<AppEnv>) {
  const input = await loadSynthesisInput(c.var.deps.db.orm, c.var.project.id)
  const filter = readFilter(c, input.settingOptions)
  return {
    input,
    filter,
    comb: combTable(input.findings, input.studies, input.themes, filter),
    toolkits: toolkitTable(input.toolkits, input.studies, filter),
  }
}

export const synthesisRoutes = new Hono<AppEnv>()
  .get('/projects/:id/synthesis', access('member'), async (c) => {
    const { input, filter, comb, toolkits } = await tables(c)
    return c.html(
      <SynthesisPage
        layout={chrome(c, 'Synthesis', 'synthesis')}
        projectId={c.var.project.id}
        comb={comb}
        toolkits={toolkits}
        filter={filter}
        settingOptions={input.settingOptions}
        studies={input.studies.length}
        isLead={c.var.member.role === 'lead'}
      />
    )
  })

  .get('/projects/:id/synthesis/heatmap.svg', access('member'), async (c) => {
    const { comb } = await tables(c)
    c.header('Content-Type', 'image/svg+xml; charset=utf-8')
    c.header('Content-Disposition', `inline; filename="heatmap-project-${c.var.project.id}.svg"`)
    c.header('Cache-Control', 'no-store')
    return c.body(
      heatmapSvg(comb, { title: `${c.var.project.name}: barriers and enablers by theme and COM-B` })
    )
  })

  .get('/projects/:id/synthesis/evidence', access('member'), async (c) => {
    const { comb, filter } = await tables(c)
    const kind = c.req.query('kind') as FindingKind
    const comB = c.req.query('comb') as ComB
    const themeId = Number(c.req.query('theme'))
    const panel = comb.panels.find((p) => p.kind === kind)
    const row = panel?.rows.find((r) => r.theme.id === themeId)
    if (!row || !(comB in COMB)) throw notFound('Cell')
    const cell = row.cells[comB]
    const rows = await findingDetails(c.var.deps.db.orm, c.var.project.id, cell.findingIds)
    const heading = `${FINDING_KINDS[kind]}s · ${row.theme.name} · ${COMB[comB]}`
    return c.html(
      <EvidencePage
        layout={chrome(c, heading, 'synthesis')}
        projectId={c.var.project.id}
        heading={heading}
        filter={filter}
        rows={rows}
      />
    )
  })

  // Report files: the table (CSV), a Markdown section, every finding (CSV).
  .get('/projects/:id/synthesis.csv', access('member'), async (c) => {
    const { comb } = await tables(c)
    return csvDownload(
      c,
      `synthesis-project-${c.var.project.id}.csv`,
      csvLines(SYNTHESIS_EXPORTS.csvRows(comb))
    )
  })
  .get('/projects/:id/synthesis.md', access('member'), async (c) => {
    const { comb, toolkits } = await tables(c)
    c.header('Content-Type', 'text/markdown; charset=utf-8')
    c.header(
      'Content-Disposition',
      `attachment; filename="synthesis-project-${c.var.project.id}.md"`
    )
    c.header('Cache-Control', 'no-store')
    return c.body(SYNTHESIS_EXPORTS.markdown(c.var.project.name, comb, toolkits))
  })
  .get('/projects/:id/synthesis-toolkits.csv', access('member'), async (c) => {
    const { toolkits } = await tables(c)
    return csvDownload(
      c,
      `toolkits-project-${c.var.project.id}.csv`,
      csvLines(SYNTHESIS_EXPORTS.toolkitRows(toolkits))
    )
  })
  .get('/projects/:id/findings.csv', access('member'), async (c) => {
    const rows = await SYNTHESIS_EXPORTS.findingRows(c.var.deps.db.orm, c.var.project.id)
    return csvDownload(c, `findings-project-${c.var.project.id}.csv`, csvLines(rows))
  })
