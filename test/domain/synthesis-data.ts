import type { ComB, FindingKind, Level, Stakeholder } from '../../src/domain/extraction-codes.ts'
import type { FindingRow, StudyInfo, ThemeInfo, ToolkitRow } from '../../src/domain/synthesis.ts'

/** A small review, hand-counted in the synthesis tests: five studies, four themes. */

export const study = (
  recordId: number,
  firstAuthor: string | null,
  year: number | null,
  settings: string[] = []
): StudyInfo => ({ recordId, firstAuthor, year, settings })

export const studies: StudyInfo[] = [
  study(1, 'Smith, J.', 2021, ["Children's social care"]),
  study(2, 'Lee K', 2019, ['Health']),
  study(3, 'A. Khan', 2020, ['Education', 'Early help']),
  study(4, 'Smith, Anne', 2021, ['Health']),
  study(5, null, null),
]

export const themes: ThemeInfo[] = [
  { id: 10, name: 'Leadership', origin: 'deductive' },
  { id: 11, name: 'Capacity', origin: 'deductive' },
  { id: 12, name: 'Local politics', origin: 'inductive' },
  { id: 13, name: 'Budgets', origin: 'deductive' },
]

export const finding = (
  id: number,
  recordId: number,
  kind: FindingKind,
  comB: ComB,
  level: Level,
  stakeholder: Stakeholder,
  themeId: number,
  verified = true
): FindingRow => ({
  id,
  recordId,
  kind,
  comB,
  level,
  stakeholder,
  themeId,
  evidence: `quote ${id}`,
  page: '4',
  verified,
})

// Study 1 has three barrier findings in one cell (1–3) and one more in the same row (5).
export const findings: FindingRow[] = [
  finding(1, 1, 'barrier', 'capability_psychological', 'organisational', 'commissioner', 10),
  finding(2, 1, 'barrier', 'capability_psychological', 'individual', 'practitioner', 10, false),
  finding(3, 1, 'barrier', 'capability_psychological', 'system', 'commissioner', 10),
  finding(4, 2, 'barrier', 'capability_psychological', 'organisational', 'director', 10),
  finding(5, 1, 'barrier', 'opportunity_social', 'organisational', 'commissioner', 10),
  finding(6, 3, 'barrier', 'opportunity_social', 'system', 'health_partner', 11, false),
  finding(7, 4, 'barrier', 'motivation_reflective', 'organisational', 'commissioner', 12),
  finding(8, 2, 'enabler', 'opportunity_physical', 'organisational', 'director', 11),
  finding(9, 5, 'enabler', 'opportunity_physical', 'individual', 'other', 11),
  finding(10, 3, 'enabler', 'motivation_automatic', 'system', 'commissioner', 12),
  finding(11, 4, 'enabler', 'opportunity_social', 'organisational', 'commissioner', 10, false),
]

export const kit = (
  id: number,
  recordId: number,
  toolkit: string,
  aspect: ToolkitRow['aspect'],
  direction: ToolkitRow['direction'],
  verified = true
): ToolkitRow => ({
  id,
  recordId,
  toolkit,
  aspect,
  finding: 'f',
  direction,
  design: 'Survey',
  verified,
})

export const kits: ToolkitRow[] = [
  kit(1, 1, 'EEF Toolkit', 'usability', 'positive'),
  kit(2, 1, ' eef  toolkit', 'usability', 'negative'), // the same toolkit; study 1 disagrees
  kit(3, 2, 'EEF Toolkit', 'usability', 'positive', false),
  kit(4, 3, 'Early Intervention Foundation Guidebook', 'uptake', 'negative'),
  kit(5, 3, 'Early Intervention Foundation Guidebook', 'uptake', 'negative'),
  kit(6, 2, 'EEF Toolkit', 'accessibility', 'mixed'),
]
