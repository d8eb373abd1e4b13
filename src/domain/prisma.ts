/**
 * PRISMA 2020 flow counts for a new review of databases and registers (SPEC §2.9). Every box is
 * computed from counts of the data; `prismaInvariants` checks that the boxes add up.
 *
 * Where unfinished work counts — each "pending" enters exactly one equation:
 *   screened = excluded + sought + pending.title_abstract
 *   sought   = not_retrieved + assessed + pending.full_text
 * so `pending.title_abstract` is every unique record not settled at title/abstract (awaiting
 * votes *or* in conflict), and `pending.full_text` every report that passed title/abstract and
 * is not settled at full text (awaiting votes *or* in conflict). `pending.conflicts` is the
 * "of which in conflict" at both stages: a breakdown for the lead's to-do list, never an
 * addend (adding it to the other two double-counts).
 */

export interface PrismaInput {
  sources: { name: string; kind: 'database' | 'register'; records: number }[]
  duplicates: number
  automationRemoved: number
  otherRemoved: number
  /** Per unique (non-duplicate, not removed) record: its current title/abstract status. */
  titleAbstract: { pending: number; conflicts: number; excluded: number; included: number }
  /**
   * Per record that passed title/abstract: its current full-text status; `pending` includes
   * those with no full-text vote yet. One reason per excluded report.
   */
  fullText: {
    pending: number
    conflicts: number
    notRetrieved: number
    excludedByReason: { reason: string; n: number }[]
    included: number
  }
}

export interface Prisma {
  identification: {
    databases: Record<string, number>
    registers: Record<string, number>
    records_identified: number
    duplicates_removed: number
    automation_removed: number
    other_removed: number
  }
  screening: {
    records_screened: number
    records_excluded: number
    reports_sought: number
    reports_not_retrieved: number
    reports_assessed: number
    reports_excluded: Record<string, number>
  }
  included: { studies: number; reports: number }
  pending: { title_abstract: number; conflicts: number; full_text: number }
}

/** Sums by name, first-seen order; `Object.fromEntries` so a source named `__proto__` is data. */
function tally(entries: Iterable<[string, number]>): Record<string, number> {
  const sums = new Map<string, number>()
  for (const [name, n] of entries) sums.set(name, (sums.get(name) ?? 0) + n)
  return Object.fromEntries(sums)
}

const sum = (values: Iterable<number>): number => {
  let total = 0
  for (const v of values) total += v
  return total
}

export function prismaCounts(input: PrismaInput): Prisma {
  const { titleAbstract: ta, fullText: ft } = input
  const of = (kind: 'database' | 'register') =>
    tally(input.sources.filter((s) => s.kind === kind).map((s) => [s.name, s.records]))
  const reportsExcluded = tally(ft.excludedByReason.map((r) => [r.reason, r.n]))
  return {
    identification: {
      databases: of('database'),
      registers: of('register'),
      records_identified: sum(input.sources.map((s) => s.records)),
      duplicates_removed: input.duplicates,
      automation_removed: input.automationRemoved,
      other_removed: input.otherRemoved,
    },
    // Each box from its own data (not by subtraction), so the invariants can catch a count
    // that went astray in the queries layer.
    screening: {
      records_screened: ta.pending + ta.conflicts + ta.excluded + ta.included,
      records_excluded: ta.excluded,
      reports_sought: ta.included,
      reports_not_retrieved: ft.notRetrieved,
      reports_assessed: sum(Object.values(reportsExcluded)) + ft.included,
      reports_excluded: reportsExcluded,
    },
    // Winnow does not link several reports of one study, so each included report is a study.
    included: { studies: ft.included, reports: ft.included },
    pending: {
      title_abstract: ta.pending + ta.conflicts,
      conflicts: ta.conflicts + ft.conflicts,
      full_text: ft.pending + ft.conflicts,
    },
  }
}

/** The broken invariants, in words with both sides' numbers; [] when the flow adds up. */
export function prismaInvariants(p: Prisma): string[] {
  const { identification: id, screening: s, included: inc, pending } = p
  const broken: string[] = []
  const check = (ok: boolean, message: string) => {
    if (!ok) broken.push(message)
  }

  for (const [box, n] of prismaRows(p)) {
    check(Number.isInteger(n) && n >= 0, `${box} = ${n} is not a count`)
  }
  const sources = sum(Object.values(id.databases)) + sum(Object.values(id.registers))
  check(
    sources === id.records_identified,
    `databases + registers (${sources}) ≠ records identified (${id.records_identified})`
  )
  const left =
    id.records_identified - id.duplicates_removed - id.automation_removed - id.other_removed
  check(
    left === s.records_screened,
    `identified − duplicates − removed (${left}) ≠ records screened (${s.records_screened})`
  )
  const screened = s.records_excluded + s.reports_sought + pending.title_abstract
  check(
    screened === s.records_screened,
    `excluded + sought + pending title/abstract (${screened}) ≠ records screened (${s.records_screened})`
  )
  const sought = s.reports_not_retrieved + s.reports_assessed + pending.full_text
  check(
    sought === s.reports_sought,
    `not retrieved + assessed + pending full text (${sought}) ≠ reports sought (${s.reports_sought})`
  )
  const assessed = sum(Object.values(s.reports_excluded)) + inc.reports
  check(
    assessed === s.reports_assessed,
    `reports excluded + included (${assessed}) ≠ reports assessed (${s.reports_assessed})`
  )
  check(
    inc.studies <= inc.reports,
    `included studies (${inc.studies}) > included reports (${inc.reports})`
  )
  check(
    pending.conflicts <= pending.title_abstract + pending.full_text,
    `conflicts (${pending.conflicts}) > pending title/abstract + full text (${pending.title_abstract + pending.full_text})`
  )
  return broken
}

/** The CSV rows (box, n) in the fixed order of SPEC §2.9; a source or reason name follows the dot. */
export function prismaRows(p: Prisma): [box: string, n: number][] {
  const { identification: id, screening: s, included: inc, pending } = p
  const named = (box: string, counts: Record<string, number>): [string, number][] =>
    Object.entries(counts).map(([name, n]) => [`${box}.${name}`, n])
  return [
    ...named('identification.databases', id.databases),
    ...named('identification.registers', id.registers),
    ['identification.records_identified', id.records_identified],
    ['identification.duplicates_removed', id.duplicates_removed],
    ['identification.automation_removed', id.automation_removed],
    ['identification.other_removed', id.other_removed],
    ['screening.records_screened', s.records_screened],
    ['screening.records_excluded', s.records_excluded],
    ['screening.reports_sought', s.reports_sought],
    ['screening.reports_not_retrieved', s.reports_not_retrieved],
    ['screening.reports_assessed', s.reports_assessed],
    ...named('screening.reports_excluded', s.reports_excluded),
    ['included.studies', inc.studies],
    ['included.reports', inc.reports],
    ['pending.title_abstract', pending.title_abstract],
    ['pending.conflicts', pending.conflicts],
    ['pending.full_text', pending.full_text],
  ]
}
