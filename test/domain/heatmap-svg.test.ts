import { describe, expect, it } from 'vitest'
import { COMB, keysOf } from '../../src/domain/extraction-codes.ts'
import { heatmapSvg, inkOn, shade } from '../../src/domain/heatmap-svg.ts'
import { textWidth } from '../../src/domain/svg-text.ts'
import { combTable, type CombTable } from '../../src/domain/synthesis.ts'
import { assertWellFormed, drawnGroups, unescapeXml } from '../helpers/svg.ts'
import { finding, findings, studies, study, themes } from './synthesis-data.ts'

const table = combTable(findings, studies, themes)
const svg = heatmapSvg(table)

/** Each cell's group: its fill, its text colour and the number it shows, if any. */
function drawnCells(doc: string) {
  const out = new Map<string, { fill: string; ink?: string; text?: string }>()
  for (const g of doc.matchAll(/<g id="cell-([\w-]+)">([\s\S]*?)<\/g>/g)) {
    const fill = /<rect [^>]*fill="(#[0-9a-f]{6})"/.exec(g[2]!)![1]!
    const t = /<text [^>]*fill="(#[0-9a-f]{6})"[^>]*>([^<]*)<\/text>/.exec(g[2]!)
    out.set(g[1]!, { fill, ink: t?.[1], text: t?.[2] })
  }
  return out
}

/** WCAG contrast, worked out here rather than borrowed from the module under test. */
function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
    }) as [number, number, number]
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl
  }
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}

const everyCell = (t: CombTable) =>
  t.panels.flatMap(
    (p) =>
    p.rows.flatMap((r) => keysOf(COMB).map((k) => ({ key: `${p.kind}-${r.theme.id}-${k}`, n: r.cells[k].studies }))) // prettier-ignore
  )

describe('heatmapSvg', () => {
  it('is a well-formed, self-contained SVG document, the same every time', () => {
    assertWellFormed(svg)
    expect(svg).toMatch(
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="(\d+)" height="(\d+)" viewBox="0 0 \1 \2"/
    )
    expect(svg).not.toMatch(/\sstyle=|<style|<script|href=/)
    expect(heatmapSvg(structuredClone(table))).toBe(svg)
    expect(svg).toContain('<title id="heatmap-title">Barriers and enablers by theme and COM-B</title>') // prettier-ignore
  })

  it('draws a cell for every theme × sub-component, with the number of studies when there are any', () => {
    const cells = drawnCells(svg)
    const expected = everyCell(table)
    expect([...cells.keys()]).toEqual(expected.map((c) => c.key))
    for (const { key, n } of expected) {
      const cell = cells.get(key)!
      if (n === 0) {
        expect(cell.text).toBeUndefined()
        expect(cell.fill).toBe('#f3f4f3')
      } else {
        expect(cell.text).toBe(String(n))
        expect(contrast(cell.fill, cell.ink!)).toBeGreaterThanOrEqual(4.5)
      }
    }
    expect(cells.get('barrier-10-capability_psychological')!.text).toBe('2')
  })

  it('groups the six columns under Capability, Opportunity and Motivation, in order', () => {
    const words = [...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => m[1])
    const at = (w: string) => words.indexOf(w)
    expect(at('Capability')).toBeLessThan(at('Opportunity'))
    expect(at('Opportunity')).toBeLessThan(at('Motivation'))
    const subs = ['Physical', 'Psychological', 'Physical', 'Social', 'Reflective', 'Automatic']
    const first = words.indexOf('Physical')
    expect(words.slice(first, first + 6)).toEqual(subs)
  })

  it('shades more studies darker, barriers in reds and enablers in teals, text readable on all', () => {
    for (const max of [1, 2, 5, 12, 40]) {
      for (const kind of ['barrier', 'enabler'] as const) {
        const fills = Array.from({ length: max }, (_, i) => shade(kind, i + 1, max))
        const lightness = fills.map((f) => contrast(f, '#000000'))
        for (let i = 1; i < max; i++) expect(lightness[i]!).toBeLessThan(lightness[i - 1]!)
        for (const f of fills) {
          const [r, g] = [parseInt(f.slice(1, 3), 16), parseInt(f.slice(3, 5), 16)]
          expect(kind === 'barrier' ? r > g : g > r).toBe(true)
          expect(contrast(f, inkOn(f))).toBeGreaterThanOrEqual(4.5)
        }
      }
    }
  })

  it('escapes every text from the data and wraps long theme names inside their column', () => {
    const name = `Budget <script>alert("x")</script> & 'politics' of ]]> commissioning and decommissioning across partners`
    const odd = [{ id: 10, name, origin: 'inductive' as const }]
    const t = combTable(findings.filter((f) => f.themeId === 10), studies, odd, { settings: ['Health', 'A&B <c>'] }) // prettier-ignore
    const doc = heatmapSvg(t, { title: 'Review <"1"> & more' })
    assertWellFormed(doc)
    expect(doc).not.toContain('<script')
    expect(doc).toContain('Review &lt;&quot;1&quot;&gt; &amp; more')
    expect(doc).toContain('Filtered to setting: A&amp;B &lt;c&gt;, Health.')
    const label = drawnGroups(doc, 'theme-').get('barrier-10')!
    expect(label.lines.length).toBeGreaterThan(2)
    expect(label.lines.map((l) => l.text).join(' ')).toBe(name)
    for (const l of label.lines) expect(textWidth(l.text, 13)).toBeLessThanOrEqual(218)
    const cell = drawnGroups(doc, 'cell-').get('barrier-10-capability_psychological')!
    expect(cell.height).toBeGreaterThanOrEqual(label.lines.length * 16)
    expect(cell.x).toBeGreaterThanOrEqual(24 + 230)
    const tip = /<g id="cell-barrier-10-capability_psychological">\s*<title>([^<]*)<\/title>/.exec(doc)! // prettier-ignore
    expect(unescapeXml(tip[1]!)).toBe(`Barrier · ${name} · Psychological capability: 1 study (Lee 2019)`) // prettier-ignore
  })

  it('shows the scale in the legend: each count up to 8, else seven steps up to the largest', () => {
    const legend = (doc: string) =>
      drawnGroups(doc, 'legend-')
        .get('scale')!
        .lines.map((l) => l.text)
    expect(legend(svg)).toEqual(['Distinct studies per cell', 'Barriers', '0', '1', '2', 'Enablers', '0', '1', '2', 'Themes in italics are inductive (added while extracting).']) // prettier-ignore
    const many = Array.from({ length: 25 }, (_, i) => study(100 + i, `Author${i}, A.`, 2020))
    const crowded = many.map((s, i) => finding(i + 1, s.recordId, 'enabler', 'opportunity_social', 'system', 'other', 11)) // prettier-ignore
    const doc = heatmapSvg(combTable(crowded, many, themes))
    expect(legend(doc).slice(0, 9)).toEqual(['Distinct studies per cell', 'Barriers', '0', '1', '5', '9', '13', '17', '21']) // prettier-ignore
    expect(drawnCells(doc).get('enabler-11-opportunity_social')!.text).toBe('25')
  })

  it('draws an empty review: both panels say so, and the drawing stays well-formed', () => {
    const doc = heatmapSvg(combTable([], studies, themes), { title: '   ' })
    assertWellFormed(doc)
    expect(doc.match(/>No findings\.<\/text>/g)).toHaveLength(2)
    expect(doc).toContain('>0 studies with findings.</text>')
    expect(doc).not.toContain('id="cell-')
  })
})
