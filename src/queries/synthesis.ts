import { and, asc, eq, inArray } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import type { Q } from '../db/client.ts'
import {
  findings,
  records,
  recordStages,
  studyFields,
  studyValues,
  themes,
  toolkitFindings,
  users,
} from '../db/schema.ts'
import {
  COMB,
  FINDING_KINDS,
  LEVELS,
  STAKEHOLDERS,
  type Aspect,
  type ComB,
  type Direction,
  type FindingKind,
  type Level,
  type Stakeholder,
} from '../domain/extraction-codes.ts'
import {
  shortRefs,
  type FindingRow,
  type StudyInfo,
  type ThemeInfo,
  type ToolkitRow,
} from '../domain/synthesis.ts'

export interface SynthesisInput {
  studies: StudyInfo[]
  findings: FindingRow[]
  themes: ThemeInfo[]
  toolkits: ToolkitRow[]
  /** The options of the setting field, for the filter. */
  settingOptions: string[]
}

/** "Smith, J." → "Smith, J."; the first author as written (shortRef picks the surname). */
const firstOf = (authors: string[]) => authors[0] ?? null

function parseSettings(value: string | undefined): string[] {
  if (value === undefined) return []
  try {
    const parsed: unknown = JSON.parse(value)
    return Array.isArray(parsed) ? parsed.map(String) : [String(parsed)]
  } catch {
    return value === '' ? [] : [value]
  }
}

/**
 * Everything the synthesis needs for the included studies: their references and settings, the
 * findings with merged themes mapped to the theme they were merged into, the live themes, and
 * the toolkit rows.
 */
export async function loadSynthesisInput(q: Q, projectId: number): Promise<SynthesisInput> {
  const included = await q
    .select({ id: records.id, authors: records.authors, year: records.year })
    .from(recordStages)
    .innerJoin(records, eq(records.id, recordStages.recordId))
    .where(
      and(
        eq(recordStages.projectId, projectId),
        eq(recordStages.stage, 'full_text'),
        eq(recordStages.status, 'included')
      )
    )
    .orderBy(asc(records.id))
  const ids = included.map((r) => r.id)
  const [settingField] = await q
    .select()
    .from(studyFields)
    .where(and(eq(studyFields.projectId, projectId), eq(studyFields.role, 'setting')))
  const settingValues =
    settingField && ids.length > 0
      ? await q
          .select()
          .from(studyValues)
          .where(and(eq(studyValues.fieldId, settingField.id), inArray(studyValues.recordId, ids)))
      : []
  const studies = included.map((r) => ({
    recordId: r.id,
    firstAuthor: firstOf(r.authors),
    year: r.year,
    settings: parseSettings(settingValues.find((v) => v.recordId === r.id)?.value),
  }))
  const allThemes = await q.select().from(themes).where(eq(themes.projectId, projectId))
  const target = (id: number): number => {
    let t = allThemes.find((x) => x.id === id)
    for (let hops = 0; t?.mergedInto != null && hops < 50; hops++) {
      const next = allThemes.find((x) => x.id === t!.mergedInto)
      if (!next) break
      t = next
    }
    return t?.id ?? id
  }
  const found =
    ids.length === 0
      ? []
      : await q
          .select()
          .from(findings)
          .where(and(eq(findings.projectId, projectId), inArray(findings.recordId, ids)))
  const kits =
    ids.length === 0
      ? []
      : await q
          .select()
          .from(toolkitFindings)
          .where(
            and(eq(toolkitFindings.projectId, projectId), inArray(toolkitFindings.recordId, ids))
          )
  return {
    studies,
    findings: found.map((f) => ({
      id: f.id,
      recordId: f.recordId,
      kind: f.kind as FindingKind,
      comB: f.comB as ComB,
      level: f.level as Level,
      stakeholder: f.stakeholder as Stakeholder,
      themeId: target(f.themeId),
      evidence: f.evidence,
      page: f.page,
      verified: f.verifiedBy !== null,
    })),
    themes: allThemes
      .filter((t) => t.mergedInto === null)
      .map((t) => ({
        id: t.id,
        name: t.name,
        origin: t.origin === 'inductive' ? 'inductive' : 'deductive',
      })),
    toolkits: kits.map((k) => ({
      id: k.id,
      recordId: k.recordId,
      toolkit: k.toolkit,
      aspect: k.aspect as Aspect,
      finding: k.finding,
      direction: k.direction as Direction,
      design: k.design,
      verified: k.verifiedBy !== null,
    })),
    settingOptions: settingField?.options ?? [],
  }
}

/** Findings with everything a reader needs to judge them: study, theme, evidence, who. */
export async function findingDetails(q: Q, projectId: number, ids: number[] | 'all') {
  const extractor = alias(users, 'extractor')
  const verifier = alias(users, 'verifier')
  const input = await loadSynthesisInput(q, projectId)
  const refs = shortRefs(input.studies)
  const included = input.studies.map((s) => s.recordId)
  if (included.length === 0 || (ids !== 'all' && ids.length === 0)) return []
  const rows = await q
    .select({
      id: findings.id,
      recordId: findings.recordId,
      title: records.title,
      kind: findings.kind,
      comB: findings.comB,
      level: findings.level,
      stakeholder: findings.stakeholder,
      theme: themes.name,
      evidence: findings.evidence,
      page: findings.page,
      extractedBy: extractor.name,
      verifiedBy: verifier.name,
    })
    .from(findings)
    .innerJoin(records, eq(records.id, findings.recordId))
    .innerJoin(themes, eq(themes.id, findings.themeId))
    .leftJoin(extractor, eq(extractor.id, findings.extractedBy))
    .leftJoin(verifier, eq(verifier.id, findings.verifiedBy))
    .where(
      and(
        eq(findings.projectId, projectId),
        inArray(findings.recordId, included),
        ids === 'all' ? undefined : inArray(findings.id, ids)
      )
    )
    .orderBy(asc(findings.recordId), asc(findings.id))
  const themeNames = new Map(input.themes.map((t) => [t.id, t.name]))
  const mapped = new Map(input.findings.map((f) => [f.id, f.themeId]))
  return rows.map((r) => ({
    ...r,
    ref: refs.get(r.recordId) ?? `Record ${r.recordId}`,
    // Shown under the theme it was merged into, like the synthesis counts it.
    theme: themeNames.get(mapped.get(r.id) ?? -1) ?? r.theme,
    kindLabel: FINDING_KINDS[r.kind as FindingKind] ?? r.kind,
    comBLabel: COMB[r.comB as ComB] ?? r.comB,
    levelLabel: LEVELS[r.level as Level] ?? r.level,
    stakeholderLabel: STAKEHOLDERS[r.stakeholder as Stakeholder] ?? r.stakeholder,
  }))
}
