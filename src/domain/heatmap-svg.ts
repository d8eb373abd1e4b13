import { COMB, FINDING_KINDS, keysOf, type ComB, type FindingKind } from './extraction-codes.ts'
import type { CombPanel, CombTable } from './synthesis.ts'
import { describeFilter } from './synthesis-export.ts'
import {
  cleanText,
  escapeXml,
  formatCount,
  SVG_FONTS,
  SVG_INK,
  textWidth,
  wrapTokens,
} from './svg-text.ts'

/**
 * The COM-B table as a heat map for a report (SPEC §2.8): barriers above enablers, themes as
 * rows, the six sub-components grouped under Capability, Opportunity and Motivation, each cell
 * shaded by its number of distinct studies on one scale shared by both panels (so 4 barrier
 * studies and 4 enabler studies look equally strong), reds for barriers and teals for enablers.
 * Presentation attributes only (no `style`), as the PRISMA diagram, for a strict CSP.
 */

const MARGIN = 24
const FONT = 13
const SMALL = 12
const LINE = 16
const LABEL_W = 230
const TOTAL_W = 64
const GAP = 10
const MIN_ROW = 30
const PAD_Y = 7
const MUTED = '#5b6660'
const RULE = '#e1e5e2'
const EMPTY = '#f3f4f3'
const COMBS = keysOf(COMB)
/** "Physical" of "Physical capability": the group above says the rest. */
const SUB = (k: ComB) => COMB[k].split(' ')[0]!
const GROUPS = ['capability', 'opportunity', 'motivation'] as const
const COL = Math.max(84, Math.ceil(Math.max(...COMBS.map((k) => textWidth(SUB(k), SMALL))) + 14))
const GRID_X = MARGIN + LABEL_W
const TOTAL_X = GRID_X + 6 * COL + GAP
const WIDTH = TOTAL_X + TOTAL_W + MARGIN

/** Light, middle and dark ends of each sequential scale. */
const SCALES: Record<FindingKind, [string, string, string]> = {
  barrier: ['#fde4da', '#ec7a58', '#85191a'],
  enabler: ['#d8f0ea', '#4aa996', '#0a4b47'],
}

const n1 = (x: number) => String(Math.round(x * 10) / 10)
const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16))
const hex = (c: number[]) =>
  `#${c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`

/** The fill of a cell of `n` ≥ 1 studies when the largest cell holds `max`. */
export function shade(kind: FindingKind, n: number, max: number): string {
  const t = max <= 1 ? 0.55 : 0.08 + (0.92 * (n - 1)) / (max - 1)
  const [light, mid, dark] = SCALES[kind].map(rgb) as [number[], number[], number[]]
  const [a, b, u] = t <= 0.5 ? [light, mid, t * 2] : [mid, dark, t * 2 - 1]
  return hex(a.map((v, i) => v + (b[i]! - v) * u))
}

/** WCAG relative luminance. */
function luminance(fill: string): number {
  const [r, g, b] = rgb(fill).map((v) => {
    const c = v / 255
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }) as [number, number, number]
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/**
 * White or black, whichever contrasts more with `fill`: at the crossing both give 4.6:1, so
 * every number passes WCAG AA (a softer ink would dip to 4:1 on the middle shades).
 */
export function inkOn(fill: string): string {
  const l = luminance(fill)
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 ? '#ffffff' : '#000000'
}

interface Look {
  size?: number
  bold?: boolean
  italic?: boolean
  fill?: string
  /** Centred on x. */
  mid?: boolean
}

function text(x: number, y: number, body: string, look: Look = {}): string {
  const attrs = [
    look.mid ? ' text-anchor="middle"' : '',
    look.size ? ` font-size="${look.size}"` : '',
    look.bold ? ' font-weight="bold"' : '',
    look.italic ? ' font-style="italic"' : '',
    look.fill ? ` fill="${look.fill}"` : '',
  ]
  return `<text x="${n1(x)}" y="${n1(y)}"${attrs.join('')}>${escapeXml(body)}</text>`
}
const rect = (x: number, y: number, w: number, h: number, attrs: string) =>
  `<rect x="${n1(x)}" y="${n1(y)}" width="${n1(w)}" height="${n1(h)}" ${attrs}/>`
const line = (x1: number, x2: number, y: number, colour: string) =>
  `<line x1="${n1(x1)}" y1="${n1(y)}" x2="${n1(x2)}" y2="${n1(y)}" stroke="${colour}"/>`
const studies = (n: number) => `${formatCount(n)} ${n === 1 ? 'study' : 'studies'}`
const colX = (i: number) => GRID_X + i * COL
/** The baseline that centres one line of text in a band from y of height h. */
const middle = (y: number, h: number, size = FONT) => y + h / 2 + size * 0.35

/** Text centred in column i (0–5), or the total column (6), of the band from y, height h. */
function inColumn(i: number, y: number, h: number, body: string, look: Look = {}): string {
  const x = i < 6 ? colX(i) + COL / 2 : TOTAL_X + TOTAL_W / 2
  return text(x, middle(y, h, look.size), body, { ...look, mid: true })
}

function header(y: number): string[] {
  const look = { size: SMALL, bold: true }
  const out = GROUPS.flatMap((g, i) => [
    text(colX(2 * i) + COL, y + 14, g[0]!.toUpperCase() + g.slice(1), { ...look, mid: true }),
    line(colX(2 * i) + 6, colX(2 * i + 2) - 6, y + 21, MUTED),
  ])
  const subs = COMBS.map((k, i) => inColumn(i, y + 24, 22, SUB(k), { size: SMALL }))
  const total = inColumn(6, y + 24, 22, 'Total', look)
  return [...out, text(MARGIN, middle(y + 24, 22, SMALL), 'Theme', look), ...subs, total]
}

function panel(p: CombPanel, top: number, max: number): { parts: string[]; bottom: number } {
  const heading = `${FINDING_KINDS[p.kind]}s (${studies(p.total)})`
  const look = { size: 16, bold: true, fill: SCALES[p.kind][2] }
  const parts = [`<g id="heading-${p.kind}">`, text(MARGIN, top + 16, heading, look), '</g>']
  let y = top + 28
  if (p.rows.length === 0) {
    parts.push(text(MARGIN, y + 16, 'No findings.', { italic: true, fill: MUTED }))
    return { parts, bottom: y + 24 }
  }
  parts.push(...header(y))
  y += 50
  for (const row of p.rows) {
    const name = cleanText(row.theme.name)
    const lines = wrapTokens(name.split(' ').filter(Boolean), FONT, LABEL_W - 12)
    const h = Math.max(MIN_ROW, lines.length * LINE + 2 * PAD_Y)
    const first = y + (h - lines.length * LINE) / 2
    const italic = row.theme.origin === 'inductive'
    parts.push(
      line(MARGIN, WIDTH - MARGIN, y + h, RULE),
      `<g id="theme-${p.kind}-${row.theme.id}">`,
      ...lines.map((l, i) => text(MARGIN, middle(first + i * LINE, LINE), l, { italic })),
      '</g>'
    )
    COMBS.forEach((k, i) => {
      const { studies: n, refs } = row.cells[k]
      const fill = n === 0 ? EMPTY : shade(p.kind, n, max)
      const tip = `${FINDING_KINDS[p.kind]} · ${name} · ${COMB[k]}: ${studies(n)}`
      parts.push(
        `<g id="cell-${p.kind}-${row.theme.id}-${k}">`,
        `<title>${escapeXml(n === 0 ? tip : `${tip} (${refs.join('; ')})`)}</title>`,
        rect(colX(i) + 1, y + 1, COL - 2, h - 2, `fill="${fill}"`),
        n === 0 ? '' : inColumn(i, y, h, formatCount(n), { bold: true, fill: inkOn(fill) }),
        '</g>'
      )
    })
    parts.push(inColumn(6, y, h, formatCount(row.total)))
    y += h
  }
  const totals = COMBS.map((k) => formatCount(p.columnTotals[k]))
  parts.push(
    line(MARGIN, WIDTH - MARGIN, y, MUTED),
    text(MARGIN, middle(y, MIN_ROW), 'All themes', { bold: true }),
    ...totals.map((v, i) => inColumn(i, y, MIN_ROW, v)),
    inColumn(6, y, MIN_ROW, formatCount(p.total), { bold: true })
  )
  return { parts, bottom: y + MIN_ROW }
}

/** The counts the legend shows: every one up to 8, else 7 spread from 1 to the largest. */
function ticks(max: number): number[] {
  if (max <= 8) return Array.from({ length: max }, (_, i) => i + 1)
  return [...new Set(Array.from({ length: 7 }, (_, i) => Math.round(1 + (i * (max - 1)) / 6)))]
}

function legend(top: number, max: number, inductive: boolean): { parts: string[]; bottom: number } {
  const parts = [
    '<g id="legend-scale">',
    text(MARGIN, top + 14, 'Distinct studies per cell', { bold: true }),
  ]
  const [SW, SH] = [30, 20]
  let y = top + 26
  for (const kind of keysOf(FINDING_KINDS)) {
    parts.push(text(MARGIN, middle(y, SH, SMALL), `${FINDING_KINDS[kind]}s`, { size: SMALL }))
    ;[0, ...ticks(max)].forEach((n, i) => {
      const fill = n === 0 ? EMPTY : shade(kind, n, max)
      const x = MARGIN + 70 + i * (SW + 2)
      parts.push(
        rect(x, y, SW, SH, `fill="${fill}"`),
        text(x + SW / 2, middle(y, SH, SMALL), formatCount(n), {
          size: SMALL,
          mid: true,
          fill: n === 0 ? MUTED : inkOn(fill),
        })
      )
    })
    y += SH + 6
  }
  if (inductive) {
    const note = 'Themes in italics are inductive (added while extracting).'
    parts.push(text(MARGIN, y + 14, note, { size: SMALL, italic: true, fill: MUTED }))
    y += 22
  }
  parts.push('</g>')
  return { parts, bottom: y }
}

export interface HeatmapOptions {
  title?: string
}

/** The heat map of `table` as a standalone SVG document; the same table gives the same bytes. */
export function heatmapSvg(table: CombTable, options: HeatmapOptions = {}): string {
  const parts: string[] = []
  const title = cleanText(options.title ?? '') || 'Barriers and enablers by theme and COM-B'
  const room = WIDTH - 2 * MARGIN
  let y = MARGIN
  for (const l of wrapTokens(title.split(' '), 18, room, room, true)) {
    parts.push(text(MARGIN, y + 18, l, { size: 18, bold: true }))
    y += 24
  }
  const filter = describeFilter(table.filter)
  const sub = `${studies(table.total)} with findings.${filter === undefined ? '' : ` ${filter}`}`
  for (const l of wrapTokens(sub.split(' '), SMALL, room)) {
    parts.push(text(MARGIN, y + 14, l, { size: SMALL, fill: MUTED }))
    y += 17
  }
  y += 16
  const counts = table.panels.flatMap((p) =>
    p.rows.flatMap((r) => COMBS.map((k) => r.cells[k].studies))
  )
  const max = Math.max(1, ...counts)
  for (const p of table.panels) {
    const drawn = panel(p, y, max)
    parts.push(...drawn.parts)
    y = drawn.bottom + 28
  }
  const inductive = table.panels.some((p) => p.rows.some((r) => r.theme.origin === 'inductive'))
  const key = legend(y, max, inductive)
  const height = Math.ceil(key.bottom + MARGIN)
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="heatmap-title" font-family="${SVG_FONTS}" font-size="${FONT}" fill="${SVG_INK}">`,
    `<title id="heatmap-title">${escapeXml(title)}</title>`,
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    ...parts.filter((p) => p !== ''),
    ...key.parts,
    '</svg>',
    '',
  ].join('\n')
}
