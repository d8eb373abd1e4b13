import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  COMB,
  keysOf,
  LEVELS,
  STAKEHOLDERS,
  type FindingKind,
} from '../../src/domain/extraction-codes.ts'
import {
  combTable,
  shortRef,
  shortRefs,
  toolkitTable,
  type CombTable,
  type SynthesisFilter,
} from '../../src/domain/synthesis.ts'
import { findings, kits, studies, study, themes } from './synthesis-data.ts'

/** Every non-empty cell as one line, in table order. */
const cells = (t: CombTable) =>
  t.panels.flatMap((p) =>
    p.rows.flatMap((r) =>
      keysOf(COMB)
        .filter((k) => r.cells[k].studies > 0)
        .map(
          (k) =>
            `${p.kind} ${r.theme.name} ${k}: ${r.cells[k].studies} (${r.cells[k].refs.join('; ')})`
        )
    )
  )
const totals = (t: CombTable) => [t.total, ...t.panels.map((p) => p.total)]

describe('shortRef', () => {
  it.each([
    ['Smith, J.', 2021, 'Smith 2021'],
    ['Smith, John Andrew', 2021, 'Smith 2021'],
    ['Smith J', 2021, 'Smith 2021'],
    ['Smith JA', 2021, 'Smith 2021'],
    ['van der Berg JA', 2018, 'van der Berg 2018'],
    ['J. Smith', 2021, 'Smith 2021'],
    ['J.A. Smith', 2021, 'Smith 2021'],
    ['J Smith', 2021, 'Smith 2021'],
    ['Smith, J., et al.', 2021, 'Smith 2021'],
    ['Smith et al.', 2021, 'Smith 2021'],
    ['Müller, Thomas', 2020, 'Müller 2020'],
    ['Mu\u0308ller, T.', 2020, 'Müller 2020'], // decomposed ü, as some exports write it
    ['Ó Súilleabháin, Pádraig', 2022, 'Ó Súilleabháin 2022'],
    ['de la Cruz, María', 2017, 'de la Cruz 2017'],
    ['Smith-Jones, A.', 2019, 'Smith-Jones 2019'],
    ['  Lee \n', 2019, 'Lee 2019'],
    ['李, 明', 2020, '李 2020'],
    ['NHS England', 2020, 'NHS England 2020'],
    ['Local Government Association', 2019, 'Local Government Association 2019'],
    [null, 2020, 'Anon. 2020'],
    ['   ', 2020, 'Anon. 2020'],
    [', J.', 2020, 'Anon. 2020'],
    ['Smith, J.', null, 'Smith n.d.'],
    [null, null, 'Anon. n.d.'],
  ])('%j, %j → %j', (firstAuthor, year, ref) => {
    expect(shortRef({ firstAuthor, year })).toBe(ref)
  })
})

describe('shortRefs', () => {
  it('adds a, b … to identical refs of different studies, by record id whatever the order', () => {
    const refs = shortRefs([
      study(9, 'Smith, A.', 2021),
      study(3, 'Smith J', 2021),
      study(5, 'J. Smith', 2021),
      study(4, 'Smith, J.', 2020),
      study(3, 'Smith J', 2021), // the same study twice is still one study
      study(7, null, null),
      study(8, '', null),
      study(6, 'Smith, J.', null),
    ])
    expect(Object.fromEntries(refs)).toEqual({
      3: 'Smith 2021a',
      5: 'Smith 2021b',
      9: 'Smith 2021c',
      4: 'Smith 2020',
      6: 'Smith n.d.',
      7: 'Anon. n.d.-a',
      8: 'Anon. n.d.-b',
    })
  })

  it('gives different studies different refs, whatever their authors and years', () => {
    const author = fc.constantFrom(
      null,
      '',
      'Smith, J.',
      'Smith J',
      'J. Smith',
      'Lee K',
      'Smith 2021'
    )
    const year = fc.constantFrom(null, 2020, 2021)
    fc.assert(
      fc.property(fc.array(fc.tuple(author, year), { maxLength: 60 }), (list) => {
        const refs = shortRefs(list.map(([a, y], i) => study(i + 1, a, y)))
        expect(new Set(refs.values()).size).toBe(list.length)
      })
    )
  })

  it('goes on past z with aa, ab', () => {
    const refs = shortRefs(Array.from({ length: 28 }, (_, i) => study(i + 1, 'Lee, K.', 2019)))
    expect([refs.get(1), refs.get(26), refs.get(27), refs.get(28)]).toEqual([
      'Lee 2019a',
      'Lee 2019z',
      'Lee 2019aa',
      'Lee 2019ab',
    ])
  })
})

describe('combTable', () => {
  const all = combTable(findings, studies, themes)

  it('counts distinct studies, not rows, in cells and totals', () => {
    expect(cells(all)).toEqual([
      'barrier Capacity opportunity_social: 1 (Khan 2020)',
      'barrier Leadership capability_psychological: 2 (Lee 2019; Smith 2021a)',
      'barrier Leadership opportunity_social: 1 (Smith 2021a)',
      'barrier Local politics motivation_reflective: 1 (Smith 2021b)',
      'enabler Capacity opportunity_physical: 2 (Anon. n.d.; Lee 2019)',
      'enabler Leadership opportunity_social: 1 (Smith 2021b)',
      'enabler Local politics motivation_automatic: 1 (Khan 2020)',
    ])
    const [barriers, enablers] = all.panels
    const leadership = barriers!.rows[1]!
    expect(leadership.cells.capability_psychological.findingIds).toEqual([1, 2, 3, 4])
    expect(leadership.total).toBe(2) // study 1 fills two cells of the row: counted once
    expect(barriers!.rows.map((r) => r.total)).toEqual([1, 2, 1])
    expect(barriers!.columnTotals).toEqual({
      capability_physical: 0,
      capability_psychological: 2,
      opportunity_physical: 0,
      opportunity_social: 2,
      motivation_reflective: 1,
      motivation_automatic: 0,
    })
    expect(enablers!.columnTotals.opportunity_physical).toBe(2)
    expect(totals(all)).toEqual([5, 4, 4])
  })

  it('lists deductive themes then inductive, each alphabetical; a theme without findings has no row', () => {
    expect(all.panels.map((p) => p.rows.map((r) => r.theme.id))).toEqual([
      [11, 10, 12],
      [11, 10, 12],
    ])
    expect(all.panels.flatMap((p) => p.rows).some((r) => r.theme.id === 13)).toBe(false)
    expect(all.panels.map((p) => p.kind)).toEqual(['barrier', 'enabler'])
  })

  it('keys rows by theme id, so findings of a merged theme mapped to its target join its row', () => {
    const merged = [...themes, { id: 14, name: 'Leadership (old)', origin: 'inductive' as const }]
    const mapped = [...findings, { ...findings[0]!, id: 12, recordId: 3, themeId: 10 }]
    const t = combTable(mapped, studies, merged)
    expect(t.panels[0]!.rows.map((r) => r.theme.id)).toEqual([11, 10, 12])
    expect(t.panels[0]!.rows[1]!.cells.capability_psychological.refs).toEqual([
      'Khan 2020',
      'Lee 2019',
      'Smith 2021a',
    ])
  })

  // Each case: the non-empty cells left, and the grand, barrier and enabler totals.
  // prettier-ignore
  it.each<[string, SynthesisFilter, string[], number[]]>([
    ['stakeholder', { stakeholders: ['commissioner'] }, [
      'barrier Leadership capability_psychological: 1 (Smith 2021a)',
      'barrier Leadership opportunity_social: 1 (Smith 2021a)',
      'barrier Local politics motivation_reflective: 1 (Smith 2021b)',
      'enabler Leadership opportunity_social: 1 (Smith 2021b)',
      'enabler Local politics motivation_automatic: 1 (Khan 2020)',
    ], [3, 2, 2]],
    ['level', { levels: ['system'] }, [
      'barrier Capacity opportunity_social: 1 (Khan 2020)',
      'barrier Leadership capability_psychological: 1 (Smith 2021a)',
      'enabler Local politics motivation_automatic: 1 (Khan 2020)',
    ], [2, 2, 1]],
    // Smith 2021b keeps its letter though Smith 2021a is filtered out.
    ['setting', { settings: ['Health'] }, [
      'barrier Leadership capability_psychological: 1 (Lee 2019)',
      'barrier Local politics motivation_reflective: 1 (Smith 2021b)',
      'enabler Capacity opportunity_physical: 1 (Lee 2019)',
      'enabler Leadership opportunity_social: 1 (Smith 2021b)',
    ], [2, 2, 2]],
    ['any of several settings', { settings: ['Education', 'Nowhere'] }, [
      'barrier Capacity opportunity_social: 1 (Khan 2020)',
      'enabler Local politics motivation_automatic: 1 (Khan 2020)',
    ], [1, 1, 1]],
    ['verified only', { verifiedOnly: true }, [
      'barrier Leadership capability_psychological: 2 (Lee 2019; Smith 2021a)',
      'barrier Leadership opportunity_social: 1 (Smith 2021a)',
      'barrier Local politics motivation_reflective: 1 (Smith 2021b)',
      'enabler Capacity opportunity_physical: 2 (Anon. n.d.; Lee 2019)',
      'enabler Local politics motivation_automatic: 1 (Khan 2020)',
    ], [5, 3, 3]],
    ['all four at once', { stakeholders: ['commissioner', 'director'], levels: ['organisational'], settings: ['Health', "Children's social care"], verifiedOnly: true }, [
      'barrier Leadership capability_psychological: 2 (Lee 2019; Smith 2021a)',
      'barrier Leadership opportunity_social: 1 (Smith 2021a)',
      'barrier Local politics motivation_reflective: 1 (Smith 2021b)',
      'enabler Capacity opportunity_physical: 1 (Lee 2019)',
    ], [3, 3, 1]],
    ['empty lists (all)', { stakeholders: [], levels: [], settings: [], verifiedOnly: false }, cells(all), totals(all)],
    ['a filter nothing matches', { stakeholders: ['voluntary_sector'] }, [], [0, 0, 0]],
  ])('filters by %s', (_, filter, expected, expectedTotals) => {
    const t = combTable(findings, studies, themes, filter)
    expect(cells(t)).toEqual(expected)
    expect(totals(t)).toEqual(expectedTotals)
    expect(t.filter).toBe(filter)
  })

  it('leaves out findings of studies not in the synthesis, and refuses a finding with no theme', () => {
    const fewer = combTable(
      findings,
      studies.filter((s) => s.recordId !== 1),
      themes
    )
    expect(fewer.panels[0]!.rows[1]!.cells.capability_psychological.refs).toEqual(['Lee 2019'])
    expect(fewer.total).toBe(4)
    expect(() => combTable(findings, studies, themes.slice(1))).toThrow('finding 1 has no theme 10')
  })
})

describe('toolkitTable', () => {
  const t = toolkitTable(kits, studies)

  it('counts distinct studies and one direction each; a study that disagrees with itself is mixed', () => {
    expect(t.rows.map((r) => [r.toolkit, r.total])).toEqual([
      ['Early Intervention Foundation Guidebook', 1],
      ['EEF Toolkit', 2],
    ])
    const eef = t.rows[1]!.cells
    expect(eef.usability).toEqual({
      studies: 2,
      refs: ['Lee 2019', 'Smith 2021a'],
      rowIds: [1, 2, 3],
      directions: { positive: 1, negative: 0, mixed: 1 },
    })
    expect(eef.accessibility.directions).toEqual({ positive: 0, negative: 0, mixed: 1 })
    expect(t.rows[0]!.cells.uptake.directions).toEqual({ positive: 0, negative: 1, mixed: 0 })
    expect(t.columnTotals).toMatchObject({
      usability: 2,
      accessibility: 1,
      uptake: 1,
      format_content: 0,
    })
    expect(t.total).toBe(3)
  })

  it('filters by setting and verified; stakeholder and level do not apply', () => {
    const verified = toolkitTable(kits, studies, { verifiedOnly: true })
    expect(verified.rows[1]!.cells.usability.directions).toEqual({
      positive: 0,
      negative: 0,
      mixed: 1,
    })
    expect(verified.total).toBe(3)
    const health = toolkitTable(kits, studies, { settings: ['Health'] })
    expect(health.rows.map((r) => r.toolkit)).toEqual(['EEF Toolkit'])
    expect(health.total).toBe(1)
    expect(
      toolkitTable(kits, studies, { stakeholders: ['other'], levels: ['system'] }).rows
    ).toEqual(t.rows)
  })
})

describe('combTable properties', () => {
  const arbFinding = fc.record({
    recordId: fc.integer({ min: 1, max: 8 }),
    kind: fc.constantFrom<FindingKind>('barrier', 'enabler'),
    comB: fc.constantFrom(...keysOf(COMB)),
    level: fc.constantFrom(...keysOf(LEVELS)),
    stakeholder: fc.constantFrom(...keysOf(STAKEHOLDERS)),
    themeId: fc.constantFrom(10, 11, 12, 13),
    verified: fc.boolean(),
  })
  const arbFilter = fc.record({
    stakeholders: fc.subarray(keysOf(STAKEHOLDERS)),
    levels: fc.subarray(keysOf(LEVELS)),
    settings: fc.subarray(['Health', 'Education', 'Early help']),
    verifiedOnly: fc.boolean(),
  })
  const arbStudies = fc.array(fc.subarray(['Health', 'Education', 'Early help']), {
    minLength: 8,
    maxLength: 8,
  })

  it('cell ≤ row total ≤ panel total ≤ grand total = distinct studies left by the filter', () => {
    fc.assert(
      fc.property(
        fc.array(arbFinding, { maxLength: 40 }),
        arbStudies,
        arbFilter,
        (rows, settings, filter) => {
          const ss = settings.map((s, i) =>
            study(i + 1, i % 3 === 0 ? 'Smith, J.' : `Author${i}`, 2020, s)
          )
          const fs = rows.map((r, i) => ({ ...r, id: i + 1, evidence: '', page: '' }))
          const t = combTable(fs, ss, themes, filter)
          const any = <T>(list: T[], v: T) => list.length === 0 || list.includes(v)
          const kept = fs.filter(
            (f) =>
              any(filter.stakeholders, f.stakeholder) &&
              any(filter.levels, f.level) &&
              (!filter.verifiedOnly || f.verified) &&
              (filter.settings.length === 0 ||
                ss[f.recordId - 1]!.settings.some((s) => filter.settings.includes(s)))
          )
          expect(t.total).toBe(new Set(kept.map((f) => f.recordId)).size)
          let ids = 0
          for (const p of t.panels) {
            expect(p.total).toBeLessThanOrEqual(t.total)
            expect(p.total).toBe(
              new Set(p.rows.flatMap((r) => keysOf(COMB).flatMap((k) => r.cells[k].refs))).size
            )
            for (const k of keysOf(COMB)) {
              expect(p.columnTotals[k]).toBe(new Set(p.rows.flatMap((r) => r.cells[k].refs)).size)
            }
            for (const r of p.rows) {
              const counts = keysOf(COMB).map((k) => r.cells[k].studies)
              expect(r.total).toBe(new Set(keysOf(COMB).flatMap((k) => r.cells[k].refs)).size)
              expect(r.total).toBeLessThanOrEqual(p.total)
              expect(r.total).toBeGreaterThanOrEqual(Math.max(...counts))
              expect(r.total).toBeLessThanOrEqual(counts.reduce((a, b) => a + b, 0))
              for (const k of keysOf(COMB)) {
                const c = r.cells[k]
                expect(new Set(c.refs).size).toBe(c.studies)
                expect(c.studies).toBeLessThanOrEqual(p.columnTotals[k])
                ids += c.findingIds.length
              }
            }
          }
          expect(ids).toBe(kept.length) // every kept finding in exactly one cell
        }
      )
    )
  })
})
