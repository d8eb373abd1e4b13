import { eq } from 'drizzle-orm'
import type { Q } from '../db/client.ts'
import { projects } from '../db/schema.ts'
import { combTable, toolkitTable, type CombTable, type ToolkitTable } from '../domain/synthesis.ts'
import { synthesisCsv, synthesisMarkdown, toolkitCsv } from '../domain/synthesis-export.ts'
import { csvLines } from '../http/csv.ts'
import { findingDetails, loadSynthesisInput } from './synthesis.ts'

const FINDING_COLUMNS = [
  'Reference',
  'Record id',
  'Title',
  'Kind',
  'COM-B component',
  'Level',
  'Stakeholder',
  'Theme',
  'Evidence',
  'Page',
  'Extracted by',
  'Verified by',
]

/** The synthesis files, shared by the page's downloads and `winnow export`. */
export const SYNTHESIS_EXPORTS = {
  csvRows: (comb: CombTable) => synthesisCsv(comb),
  toolkitRows: (toolkits: ToolkitTable) => toolkitCsv(toolkits),
  markdown: (projectName: string, comb: CombTable, toolkits: ToolkitTable) =>
    `# ${projectName.replace(/[\r\n#]+/g, ' ').trim()}: synthesis\n\n${synthesisMarkdown(comb, toolkits)}`,
  async findingRows(q: Q, projectId: number): Promise<string[][]> {
    const rows = await findingDetails(q, projectId, 'all')
    return [
      FINDING_COLUMNS,
      ...rows.map((r) => [
        r.ref,
        String(r.recordId),
        r.title ?? '',
        r.kindLabel,
        r.comBLabel,
        r.levelLabel,
        r.stakeholderLabel,
        r.theme,
        r.evidence,
        r.page,
        r.extractedBy ?? '',
        r.verifiedBy ?? '',
      ]),
    ]
  },
}

/** Unfiltered tables for the CLI (the page's downloads pass the page's filter). */
async function unfiltered(q: Q, projectId: number) {
  const input = await loadSynthesisInput(q, projectId)
  const [project] = await q.select().from(projects).where(eq(projects.id, projectId))
  return {
    name: project?.name ?? `Project ${projectId}`,
    comb: combTable(input.findings, input.studies, input.themes),
    toolkits: toolkitTable(input.toolkits, input.studies),
  }
}

export const SYNTHESIS_CLI_EXPORTS: Record<
  string,
  (q: Q, projectId: number) => AsyncIterable<string>
> = {
  'synthesis/csv': async function* (q, id) {
    yield csvLines(SYNTHESIS_EXPORTS.csvRows((await unfiltered(q, id)).comb))
  },
  'synthesis/md': async function* (q, id) {
    const t = await unfiltered(q, id)
    yield SYNTHESIS_EXPORTS.markdown(t.name, t.comb, t.toolkits)
  },
  'toolkits/csv': async function* (q, id) {
    yield csvLines(SYNTHESIS_EXPORTS.toolkitRows((await unfiltered(q, id)).toolkits))
  },
  'findings/csv': async function* (q, id) {
    yield csvLines(await SYNTHESIS_EXPORTS.findingRows(q, id))
  },
}
