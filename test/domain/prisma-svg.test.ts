import { describe, expect, it } from 'vitest'
import { prismaCounts, prismaInvariants, type Prisma } from '../../src/domain/prisma.ts'
import { prismaDiagram, prismaSvg } from '../../src/domain/prisma-svg.ts'
import { textWidth } from '../../src/domain/svg-text.ts'
import { assertWellFormed, boxLines, drawnGroups, type DrawnBox } from '../helpers/svg.ts'

/** The review of test/queries/prisma.test.ts, part-way through. */
const known: Prisma = {
  identification: {
    databases: { Scopus: 7, 'Web of Science': 2 },
    registers: { 'ClinicalTrials.gov': 2 },
    records_identified: 11,
    duplicates_removed: 2,
    automation_removed: 0,
    other_removed: 0,
  },
  screening: {
    records_screened: 9,
    records_excluded: 2,
    reports_sought: 5,
    reports_not_retrieved: 1,
    reports_assessed: 3,
    reports_excluded: { 'Wrong population': 1, 'Wrong study design': 1 },
  },
  included: { studies: 1, reports: 1 },
  pending: { title_abstract: 2, conflicts: 1, full_text: 1 },
}

const empty = prismaCounts({
  sources: [],
  duplicates: 0,
  automationRemoved: 0,
  otherRemoved: 0,
  titleAbstract: { pending: 0, conflicts: 0, excluded: 0, included: 0 },
  fullText: { pending: 0, conflicts: 0, notRetrieved: 0, excludedByReason: [], included: 0 },
})

const SIDE_BOXES = [
  'removed_before_screening',
  'records_excluded',
  'reports_not_retrieved',
  'reports_excluded',
]

describe('prismaSvg', () => {
  const svg = prismaSvg(known)

  it('is a well-formed SVG document of a fixed width that scales', () => {
    expect(prismaInvariants(known)).toEqual([])
    assertWellFormed(svg)
    expect(svg).toMatch(
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="960" height="\d+" viewBox="0 0 960 \d+"/
    )
    expect(svg).toContain('font-family="Helvetica, Arial, \'Liberation Sans\', sans-serif"')
    // Presentation attributes only: a strict CSP blocks style attributes and elements.
    expect(svg).not.toMatch(/\sstyle=|<style|<script/)
    expect(prismaSvg(structuredClone(known))).toBe(svg)
  })

  it.each([
    [
      'records_identified',
      [
        'Records identified from:',
        'Databases (n = 9)',
        'Scopus (n = 7)',
        'Web of Science (n = 2)',
        'Registers (n = 2)',
        'ClinicalTrials.gov (n = 2)',
      ],
    ],
    [
      'removed_before_screening',
      [
        'Records removed before screening:',
        'Duplicate records removed (n = 2)',
        'Records marked as ineligible by automation tools (n = 0)',
        'Records removed for other reasons (n = 0)',
      ],
    ],
    ['records_screened', ['Records screened (n = 9)']],
    ['records_excluded', ['Records excluded (n = 2)']],
    ['reports_sought', ['Reports sought for retrieval (n = 5)']],
    ['reports_not_retrieved', ['Reports not retrieved (n = 1)']],
    ['reports_assessed', ['Reports assessed for eligibility (n = 3)']],
    [
      'reports_excluded',
      ['Reports excluded:', 'Wrong population (n = 1)', 'Wrong study design (n = 1)'],
    ],
    ['included', ['Studies included in review (n = 1)', 'Reports of included studies (n = 1)']],
  ])('box %s says %j', (key, lines) => {
    expect(boxLines(svg, key)).toEqual(lines)
  })

  it('draws the three phases, the header and an arrow into every box but the first', () => {
    const phases = drawnGroups(svg, 'phase-')
    expect([...phases.keys()]).toEqual(['identification', 'screening', 'included'])
    expect([...phases.values()].map((p) => p.lines[0]!.text)).toEqual([
      'Identification',
      'Screening',
      'Included',
    ])
    expect(svg).toContain('>Identification of studies via databases and registers</text>')
    expect(svg.match(/<line [^>]*marker-end="url\(#prisma-arrow\)"\/>/g)).toHaveLength(8)
  })

  it('notes the work still pending under the diagram', () => {
    const note = drawnGroups(svg, 'pending-').get('note')!
    expect(note.lines.map((l) => l.text).join(' ')).toBe(
      'Work in progress, so these counts are not final: 2 records awaiting title/abstract ' +
        'decisions and 1 report awaiting full-text decisions, of which 1 is a conflict between reviewers.'
    )
    const included = drawnGroups(svg).get('included')!
    expect(note.lines[0]!.y).toBeGreaterThan(included.y + included.height)
  })

  it('formats counts with thousands separators', () => {
    const big = structuredClone(known)
    big.identification.databases = { Scopus: 1234567 }
    big.screening.records_screened = 12345
    const text = prismaSvg(big)
    expect(boxLines(text, 'records_identified')).toContain('Scopus (n = 1,234,567)')
    expect(boxLines(text, 'records_screened')).toEqual(['Records screened (n = 12,345)'])
  })

  it('draws the zero state of a new review, with no note', () => {
    const zero = prismaSvg(empty)
    assertWellFormed(zero)
    expect(boxLines(zero, 'records_identified')).toEqual([
      'Records identified from:',
      'Databases (n = 0)',
      'Registers (n = 0)',
    ])
    expect(boxLines(zero, 'reports_excluded')).toEqual(['Reports excluded (n = 0)'])
    expect(boxLines(zero, 'included')).toEqual([
      'Studies included in review (n = 0)',
      'Reports of included studies (n = 0)',
    ])
    expect(zero).not.toContain('pending-note')
    checkLayout(zero)
  })
})

describe('text from the data', () => {
  const hostile: Prisma = {
    ...known,
    identification: {
      ...known.identification,
      databases: {
        '<script>alert(1)</script>': 3,
        ']]><x y="1">': 2,
        'Smith & Jones "quoted" \'single\'': 2,
        'bell\u0007 in a name': 0,
      },
    },
    screening: { ...known.screening, reports_excluded: { '</text><script>': 1, 'A & B': 1 } },
  }
  const svg = prismaSvg(hostile, { title: 'Review <b>&</b> "x"' })

  it('comes out as text, in a well-formed document', () => {
    assertWellFormed(svg)
    expect(svg).not.toMatch(/<script|<x |<b>/)
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt; (n = 3)')
    expect(svg).toContain(']]&gt;&lt;x y=&quot;1&quot;&gt; (n = 2)')
    expect(boxLines(svg, 'records_identified')).toContain(
      'Smith & Jones "quoted" \'single\' (n = 2)'
    )
    expect(boxLines(svg, 'records_identified')).toContain('bell\ufffd in a name (n = 0)')
    expect(boxLines(svg, 'reports_excluded')).toEqual([
      'Reports excluded:',
      '</text><script> (n = 1)',
      'A & B (n = 1)',
    ])
  })

  it('escapes the title in the heading and in <title>', () => {
    expect(svg).toContain(
      '<title id="prisma-title">PRISMA 2020 flow diagram: Review &lt;b&gt;&amp;&lt;/b&gt; &quot;x&quot;</title>'
    )
    expect(svg).toMatch(/font-weight="bold">Review &lt;b&gt;&amp;&lt;\/b&gt; &quot;x&quot;<\/text>/)
  })
})

/** Every line inside its box (by the same width table), and no two boxes overlapping. */
function checkLayout(svg: string) {
  const boxes = drawnGroups(svg)
  const height = Number(/height="(\d+)"/.exec(svg)![1])
  for (const [key, box] of boxes) {
    for (const line of box.lines) {
      expect(line.x, key).toBeGreaterThan(box.x)
      expect(line.x + textWidth(line.text, 14), `${key}: ${line.text}`).toBeLessThanOrEqual(
        box.x + box.width - 8
      )
      expect(line.y - 14, key).toBeGreaterThanOrEqual(box.y)
      expect(line.y + 4, key).toBeLessThanOrEqual(box.y + box.height)
    }
    expect(box.y + box.height).toBeLessThan(height)
  }
  const column = (side: boolean) =>
    [...boxes].filter(([k]) => SIDE_BOXES.includes(k) === side).map(([, b]) => b)
  const main = column(false)
  const side = column(true)
  expect(Math.max(...main.map((b) => b.x + b.width))).toBeLessThan(
    Math.min(...side.map((b) => b.x))
  )
  for (const boxesOfColumn of [main, side]) {
    const sorted = [...boxesOfColumn].sort((a, b) => a.y - b.y)
    sorted.slice(1).forEach((b, i) => expect(b.y).toBeGreaterThan(bottom(sorted[i]!) + 10))
  }
  const bands = [...drawnGroups(svg, 'phase-').values()].sort((a, b) => a.y - b.y)
  bands.slice(1).forEach((b, i) => expect(b.y).toBeGreaterThan(bottom(bands[i]!)))
  return boxes
}
const bottom = (b: DrawnBox) => b.y + b.height

describe('many sources and many reasons', () => {
  const names = Array.from(
    { length: 40 },
    (_, i) => `Database number ${i + 1}, a rather long descriptive name that has to wrap`
  )
  const reasons = Array.from({ length: 25 }, (_, i) => ({
    reason: `Reason ${i + 1}: not about commissioning evidence-based programmes in local authorities`,
    n: 20,
  }))
  const many = prismaCounts({
    sources: names.map((name, i) => ({
      name,
      kind: i % 4 === 0 ? 'register' : 'database',
      records: 100 + i,
    })),
    duplicates: 50,
    automationRemoved: 0,
    otherRemoved: 0,
    titleAbstract: { pending: 30, conflicts: 0, excluded: 4000, included: 700 },
    fullText: {
      pending: 0,
      conflicts: 0,
      notRetrieved: 0,
      excludedByReason: reasons,
      included: 200,
    },
  })
  const svg = prismaSvg(many)

  it('adds up, stays well-formed and names every source and reason', () => {
    expect(prismaInvariants(many)).toEqual([])
    assertWellFormed(svg)
    const identified = boxLines(svg, 'records_identified').join(' ')
    for (const name of names) expect(identified).toContain(name)
    const excluded = boxLines(svg, 'reports_excluded').join(' ')
    for (const { reason } of reasons) expect(excluded).toContain(`${reason} (n = 20)`)
  })

  it('grows the boxes to fit every wrapped line, without overlapping', () => {
    const boxes = checkLayout(svg)
    const small = drawnGroups(prismaSvg(known))
    expect(boxes.get('records_identified')!.height).toBeGreaterThan(40 * 2 * 19)
    expect(boxes.get('reports_excluded')!.height).toBeGreaterThan(25 * 2 * 19)
    expect(boxes.get('records_screened')!.height).toBe(small.get('records_screened')!.height)
    expect(prismaDiagram(many).height).toBe(Number(/height="(\d+)"/.exec(svg)![1]))
  })

  it('keeps the known diagram tidy too', () => {
    checkLayout(prismaSvg(known))
  })
})

describe('the well-formedness check these tests rely on', () => {
  it.each([
    '<svg><text>a < b</text></svg>',
    '<svg><text>a & b</text></svg>',
    '<svg><g></svg></g>',
    '<svg><g></svg>',
    '<svg a="1" a="2"/>',
    '<svg a="<"/>',
    '<svg/><svg/>',
    '<svg>\u0001</svg>',
    'text<svg/>',
  ])('refuses %j', (xml) => {
    expect(() => assertWellFormed(xml)).toThrow()
  })

  it('accepts entities, self-closing tags and a declaration', () => {
    assertWellFormed('<?xml version="1.0"?>\n<svg x="&quot;"><g/><t>&amp;&#60;&#x3c;</t></svg>\n')
  })
})
