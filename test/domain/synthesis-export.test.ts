import { describe, expect, it } from 'vitest'
import { combTable, toolkitTable, type SynthesisFilter } from '../../src/domain/synthesis.ts'
import {
  describeFilter,
  markdownText,
  synthesisCsv,
  synthesisMarkdown,
  toolkitCsv,
} from '../../src/domain/synthesis-export.ts'
import { findings, kit, kits, studies, themes } from './synthesis-data.ts'

describe('exports', () => {
  it('writes one CSV row per non-empty cell', () => {
    const csv = synthesisCsv(combTable(findings, studies, themes, { levels: ['system'] }))
    expect(csv).toEqual([
      ['Kind', 'Theme', 'Theme origin', 'COM-B component', 'Studies', 'References'],
      ['Barrier', 'Capacity', 'deductive', 'Social opportunity', '1', 'Khan 2020'],
      ['Barrier', 'Leadership', 'deductive', 'Psychological capability', '1', 'Smith 2021a'],
      ['Enabler', 'Local politics', 'inductive', 'Automatic motivation', '1', 'Khan 2020'],
    ])
    expect(toolkitCsv(toolkitTable(kits, studies))).toEqual([
      ['Toolkit', 'Aspect', 'Studies', 'Positive', 'Negative', 'Mixed', 'References'],
      ['Early Intervention Foundation Guidebook', 'Uptake', '1', '0', '1', '0', 'Khan 2020'],
      ['EEF Toolkit', 'Accessibility', '1', '0', '0', '1', 'Lee 2019'],
      ['EEF Toolkit', 'Usability', '2', '1', '0', '1', 'Lee 2019; Smith 2021a'],
    ])
  })

  it.each([
    ['a | b', 'a \\| b'],
    ['two\nlines\r\nhere', 'two lines here'],
    ['back\\slash|pipe', 'back\\\\slash\\|pipe'],
    [
      '*bold* _it_ `code` [link](x) ~~gone~~',
      '\\*bold\\* \\_it\\_ \\`code\\` \\[link\\](x) \\~\\~gone\\~\\~',
    ],
    ['<script>alert(1)</script>', '\\<script\\>alert(1)\\</script\\>'],
    ['R&D &amp; &#124;', 'R&D \\&amp; \\&#124;'],
    ["Children's social care", "Children's social care"],
  ])('markdownText(%j) → %j', (text, escaped) => {
    expect(markdownText(text)).toBe(escaped)
  })

  it.each<[SynthesisFilter, string | undefined]>([
    [{}, undefined],
    [{ stakeholders: [], settings: [] }, undefined],
    [
      { stakeholders: ['practitioner', 'director'], levels: ['system'] },
      'Filtered to stakeholder: Director / assistant director, Practice leader / practitioner; level: System.',
    ],
    [
      { settings: ['Health', 'Early help'], verifiedOnly: true },
      'Filtered to setting: Early help, Health; verified rows only.',
    ],
  ])('describes the filter %j', (filter, words) => {
    expect(describeFilter(filter)).toBe(words)
  })
})

describe('synthesisMarkdown', () => {
  it('writes a table per kind and the toolkit table, with totals and the filter', () => {
    const md = synthesisMarkdown(
      combTable(findings, studies, themes, { levels: ['system'] }),
      toolkitTable(kits.slice(3, 5), studies)
    )
    expect(md).toBe(
      [
        '## Synthesis',
        '',
        '_Filtered to level: System._',
        '',
        'Barriers and enablers by theme and COM-B component (n = 2 studies). Each cell: the number of distinct studies, then their short references.',
        '',
        '### Barriers (n = 2 studies)',
        '',
        '| Theme | Physical capability | Psychological capability | Physical opportunity | Social opportunity | Reflective motivation | Automatic motivation | Total |',
        '| --- | --- | --- | --- | --- | --- | --- | --- |',
        '| Capacity |  |  |  | 1 (Khan 2020) |  |  | 1 |',
        '| Leadership |  | 1 (Smith 2021a) |  |  |  |  | 1 |',
        '| **All themes** | 0 | 1 | 0 | 1 | 0 | 0 | **2** |',
        '',
        '### Enablers (n = 1 study)',
        '',
        '| Theme | Physical capability | Psychological capability | Physical opportunity | Social opportunity | Reflective motivation | Automatic motivation | Total |',
        '| --- | --- | --- | --- | --- | --- | --- | --- |',
        '| Local politics (inductive) |  |  |  |  |  | 1 (Khan 2020) | 1 |',
        '| **All themes** | 0 | 0 | 0 | 0 | 0 | 1 | **1** |',
        '',
        '### Toolkits and guides (n = 1 study)',
        '',
        'Each cell: studies, how many found the aspect positive, negative or mixed, and which.',
        '',
        '| Toolkit or guide | Accessibility | Applicability | Usability | Effectiveness | Uptake | Format / content | Total |',
        '| --- | --- | --- | --- | --- | --- | --- | --- |',
        '| Early Intervention Foundation Guidebook |  |  |  |  | 1: 1 negative (Khan 2020) |  | 1 |',
        '| **All toolkits** | 0 | 0 | 0 | 0 | 1 | 0 | **1** |',
        '',
      ].join('\n')
    )
  })

  it('keeps every row of a table on one line with its cells, whatever the names hold', () => {
    const odd = [{ id: 10, name: 'Lead|ership\nand *power*', origin: 'deductive' as const }]
    const t = combTable(
      findings.filter((f) => f.themeId === 10),
      studies,
      odd
    )
    const kitsOdd = toolkitTable([kit(1, 1, 'A | B\nguide', 'uptake', 'positive')], studies)
    const md = synthesisMarkdown(t, kitsOdd)
    const rows = md.split('\n').filter((l) => l.startsWith('|'))
    for (const row of rows) expect(row.split(/(?<!\\)\|/)).toHaveLength(10)
    expect(md).toContain('| Lead\\|ership and \\*power\\* |')
    expect(md).toContain('| A \\| B guide |')
  })

  it('names only the filters that apply to the toolkit table under it', () => {
    const filter: SynthesisFilter = { stakeholders: ['commissioner'], settings: ['Health'] }
    const md = synthesisMarkdown(
      combTable(findings, studies, themes, filter),
      toolkitTable(kits, studies, filter)
    )
    expect(md).toContain('_Filtered to stakeholder: Commissioner; setting: Health._')
    expect(md).toContain('### Toolkits and guides (n = 1 study)\n\n_Filtered to setting: Health._')
  })

  it('says so when a kind has no findings', () => {
    const md = synthesisMarkdown(combTable([], studies, themes), toolkitTable([], studies))
    expect(md).toContain('### Barriers (n = 0 studies)\n\nNo findings.')
    expect(md).toContain('### Toolkits and guides (n = 0 studies)\n\nNo toolkit or guide findings.')
  })
})
