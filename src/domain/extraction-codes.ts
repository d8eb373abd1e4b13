/**
 * The codes of extraction and synthesis (SPEC §2.7–2.8): one list each, in display order, with
 * the label a person reads. Stored values are the keys.
 */

export const FINDING_KINDS = { barrier: 'Barrier', enabler: 'Enabler' } as const
export type FindingKind = keyof typeof FINDING_KINDS

/** COM-B (Michie, van Stralen & West 2011): the six sub-components. */
export const COMB = {
  capability_physical: 'Physical capability',
  capability_psychological: 'Psychological capability',
  opportunity_physical: 'Physical opportunity',
  opportunity_social: 'Social opportunity',
  motivation_reflective: 'Reflective motivation',
  motivation_automatic: 'Automatic motivation',
} as const
export type ComB = keyof typeof COMB

export const LEVELS = {
  individual: 'Individual',
  organisational: 'Organisational',
  system: 'System',
} as const
export type Level = keyof typeof LEVELS

export const STAKEHOLDERS = {
  director: 'Director / assistant director',
  head_of_service: 'Head of service',
  commissioner: 'Commissioner',
  practitioner: 'Practice leader / practitioner',
  health_partner: 'Health partner',
  voluntary_sector: 'Voluntary / community sector',
  other: 'Other',
} as const
export type Stakeholder = keyof typeof STAKEHOLDERS

export const ASPECTS = {
  accessibility: 'Accessibility',
  applicability: 'Applicability',
  usability: 'Usability',
  effectiveness: 'Effectiveness',
  uptake: 'Uptake',
  format_content: 'Format / content',
} as const
export type Aspect = keyof typeof ASPECTS

export const DIRECTIONS = { positive: 'Positive', negative: 'Negative', mixed: 'Mixed' } as const
export type Direction = keyof typeof DIRECTIONS

/** The study characteristics every project starts with; the lead may rename, add and retire. */
export const DEFAULT_STUDY_FIELDS = [
  { role: 'country', label: 'Country', kind: 'text', options: [] },
  {
    role: 'setting',
    label: 'Setting / sector',
    kind: 'many_of',
    options: ["Children's social care", 'Early help', 'Education', 'Health', 'Voluntary sector'],
  },
  {
    role: 'design',
    label: 'Design',
    kind: 'one_of',
    options: ['Qualitative', 'Survey', 'Mixed methods', 'Review', 'Evaluation', 'Other'],
  },
  { role: 'participants', label: 'Participants / stakeholders', kind: 'text', options: [] },
  { role: 'sample_size', label: 'Sample size', kind: 'number', options: [] },
  { role: 'notes', label: 'Notes', kind: 'text', options: [] },
] as const

export type FieldKind = 'text' | 'number' | 'one_of' | 'many_of'

export const keysOf = <T extends Record<string, string>>(o: T) =>
  Object.keys(o) as (keyof T & string)[]
