import type { Prisma } from './prisma.ts'
import { formatCount } from './svg-text.ts'

/**
 * What each box of the PRISMA 2020 flow diagram says ("new systematic reviews which included
 * searches of databases and registers only"), in the template's words. The SVG draws these
 * boxes and the PRISMA page lists the same lines as a table, so the two cannot disagree.
 */

/** One line of a box before wrapping; `n` follows the text as "(n = …)". */
export interface BoxLine {
  text: string
  n?: number
  /** 0, 1 or 2 steps in: a source under "Databases", say. */
  indent?: number
}

export interface Box {
  /** Stable name for tests and for the drawing's element ids. */
  key: string
  lines: BoxLine[]
}

export type Phase = 'Identification' | 'Screening' | 'Included'

/** A row of the diagram: the box in the main column and, if any, the box to its right. */
export interface FlowRow {
  phase: Phase
  main: Box
  side?: Box
}

const named = (counts: Record<string, number>): BoxLine[] =>
  Object.entries(counts).map(([text, n]) => ({ text, n, indent: 2 }))

const total = (counts: Record<string, number>): number =>
  Object.values(counts).reduce((a, b) => a + b, 0)

export function prismaBoxes(p: Prisma): FlowRow[] {
  const { identification: id, screening: s, included: inc } = p
  const reasons = Object.entries(s.reports_excluded).map(([text, n]) => ({ text, n, indent: 1 }))
  return [
    {
      phase: 'Identification',
      main: {
        key: 'records_identified',
        lines: [
          { text: 'Records identified from:' },
          { text: 'Databases', n: total(id.databases), indent: 1 },
          ...named(id.databases),
          { text: 'Registers', n: total(id.registers), indent: 1 },
          ...named(id.registers),
        ],
      },
      side: {
        key: 'removed_before_screening',
        lines: [
          { text: 'Records removed before screening:' },
          { text: 'Duplicate records removed', n: id.duplicates_removed, indent: 1 },
          {
            text: 'Records marked as ineligible by automation tools',
            n: id.automation_removed,
            indent: 1,
          },
          { text: 'Records removed for other reasons', n: id.other_removed, indent: 1 },
        ],
      },
    },
    {
      phase: 'Screening',
      main: {
        key: 'records_screened',
        lines: [{ text: 'Records screened', n: s.records_screened }],
      },
      side: {
        key: 'records_excluded',
        lines: [{ text: 'Records excluded', n: s.records_excluded }],
      },
    },
    {
      phase: 'Screening',
      main: {
        key: 'reports_sought',
        lines: [{ text: 'Reports sought for retrieval', n: s.reports_sought }],
      },
      side: {
        key: 'reports_not_retrieved',
        lines: [{ text: 'Reports not retrieved', n: s.reports_not_retrieved }],
      },
    },
    {
      phase: 'Screening',
      main: {
        key: 'reports_assessed',
        lines: [{ text: 'Reports assessed for eligibility', n: s.reports_assessed }],
      },
      side: {
        key: 'reports_excluded',
        lines:
          reasons.length === 0
            ? [{ text: 'Reports excluded', n: 0 }]
            : [{ text: 'Reports excluded:' }, ...reasons],
      },
    },
    {
      phase: 'Included',
      main: {
        key: 'included',
        lines: [
          { text: 'Studies included in review', n: inc.studies },
          { text: 'Reports of included studies', n: inc.reports },
        ],
      },
    },
  ]
}

const counted = (n: number, one: string) => `${formatCount(n)} ${n === 1 ? one : `${one}s`}`

/**
 * While screening goes on the boxes add up only with the work not yet done, so the reader is
 * told. Conflicts are a part of the pending records and reports, not more of them.
 */
export function pendingNote(p: Prisma): string | undefined {
  const { title_abstract: ta, full_text: ft, conflicts } = p.pending
  if (ta + ft + conflicts === 0) return undefined
  const parts: string[] = []
  if (ta > 0) parts.push(`${counted(ta, 'record')} awaiting title/abstract decisions`)
  if (ft > 0) parts.push(`${counted(ft, 'report')} awaiting full-text decisions`)
  const waiting = parts.length > 0 ? parts.join(' and ') : 'decisions outstanding'
  const split =
    conflicts === 0
      ? ''
      : `, of which ${formatCount(conflicts)} ${conflicts === 1 ? 'is a conflict' : 'are conflicts'} between reviewers`
  return `Work in progress, so these counts are not final: ${waiting}${split}.`
}
