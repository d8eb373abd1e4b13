import { pendingNote, prismaBoxes, type Box, type Phase } from './prisma-boxes.ts'
import type { Prisma } from './prisma.ts'
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
 * The PRISMA 2020 flow diagram as a standalone SVG: phase bands down the left, the main column
 * of boxes with arrows down, and the side boxes to the right. Every size comes from the wrapped
 * text, so long source names or many exclusion reasons grow their box instead of overflowing.
 * Only presentation attributes (no `style`), so the file renders under a strict CSP.
 */

const WIDTH = 960
const MARGIN = 16
const BAND = { x: MARGIN, w: 30 }
const MAIN = { x: 62, w: 380 }
const SIDE = { x: 494, w: WIDTH - MARGIN - 494 }
const FONT = 14
const LINE = 19
const PAD_X = 12
const PAD_Y = 10
const INDENT = 14
/** Continuation lines of a wrapped entry sit this much further in. */
const HANG = 12
const ROW_GAP = 32
const MIN_BOX = 40
/** Boxes side by side that differ by no more than this are drawn the same height. */
const EVEN_UP = 3 * LINE
const HEADER = 'Identification of studies via databases and registers'
const EDGE = '#3d4440'

export interface PrismaDiagram {
  svg: string
  width: number
  height: number
}

interface Laid {
  key: string
  lines: { text: string; dx: number }[]
  height: number
}

/** Coordinates with at most one decimal, so the output is short and the same on every run. */
const n1 = (x: number) => String(Math.round(x * 10) / 10)

function layBox(box: Box, width: number): Laid {
  const lines: Laid['lines'] = []
  for (const line of box.lines) {
    const dx = (line.indent ?? 0) * INDENT
    const tokens = cleanText(line.text).split(' ').filter(Boolean)
    if (line.n !== undefined) tokens.push(`(n = ${formatCount(line.n)})`)
    const room = width - 2 * PAD_X - dx
    wrapTokens(tokens, FONT, room, room - HANG).forEach((text, i) =>
      lines.push({ text, dx: dx + (i === 0 ? 0 : HANG) })
    )
  }
  return { key: box.key, lines, height: lines.length * LINE + 2 * PAD_Y }
}

function text(x: number, y: number, body: string, attrs = ''): string {
  return `<text x="${n1(x)}" y="${n1(y)}"${attrs}>${escapeXml(body)}</text>`
}

function drawBox(laid: Laid, x: number, y: number, w: number, h: number): string {
  const top = y + (h - laid.lines.length * LINE) / 2
  const lines = laid.lines.map((l, i) =>
    text(x + PAD_X + l.dx, top + i * LINE + LINE / 2 + FONT * 0.35, l.text)
  )
  return [
    `<g id="box-${laid.key}">`,
    `<rect x="${n1(x)}" y="${n1(y)}" width="${n1(w)}" height="${n1(h)}" rx="3" fill="#fff" stroke="${EDGE}" stroke-width="1.2"/>`,
    ...lines,
    '</g>',
  ].join('\n')
}

function arrow(x1: number, y1: number, x2: number, y2: number): string {
  return `<line x1="${n1(x1)}" y1="${n1(y1)}" x2="${n1(x2)}" y2="${n1(y2)}" stroke="${EDGE}" stroke-width="1.5" marker-end="url(#prisma-arrow)"/>`
}

function band(phase: Phase, y: number, h: number): string {
  const cx = BAND.x + BAND.w / 2
  const cy = y + h / 2
  return [
    `<g id="phase-${phase.toLowerCase()}">`,
    `<rect x="${BAND.x}" y="${n1(y)}" width="${BAND.w}" height="${n1(h)}" rx="6" fill="#cfe0f1" stroke="#8fb0d6"/>`,
    text(
      cx,
      cy + FONT * 0.35,
      phase,
      ` transform="rotate(-90 ${n1(cx)} ${n1(cy)})" text-anchor="middle" font-weight="bold" fill="#1c3554"`
    ),
    '</g>',
  ].join('\n')
}

/**
 * The rows with their boxes' heights: each box as tall as its wrapped lines; two boxes of a row
 * of nearly the same height made equal (tidier), a long list left to run on below its
 * neighbour, as in the PRISMA template. A phase band too short for its label grows its rows.
 */
function layRows(p: Prisma) {
  const rows = prismaBoxes(p).map((row) => {
    const main = layBox(row.main, MAIN.w)
    const side = row.side && layBox(row.side, SIDE.w)
    const h = Math.max(MIN_BOX, main.height, side?.height ?? 0)
    for (const box of [main, side]) {
      if (box && h - box.height <= EVEN_UP) box.height = h
      else if (box) box.height = Math.max(MIN_BOX, box.height)
    }
    return { phase: row.phase, main, side, h }
  })
  for (const phase of new Set(rows.map((r) => r.phase))) {
    const members = rows.filter((r) => r.phase === phase)
    const span = members.reduce((a, r) => a + r.h, 0) + ROW_GAP * (members.length - 1)
    const short = textWidth(phase, FONT, true) + 3 * PAD_Y - span
    if (short <= 0) continue
    const extra = Math.ceil(short / members.length)
    for (const r of members) {
      for (const box of [r.main, r.side]) if (box?.height === r.h) box.height += extra
      r.h += extra
    }
  }
  return rows
}

/** The diagram and its size (for an `<img>` that keeps its place while it loads). */
export function prismaDiagram(p: Prisma, options: { title?: string } = {}): PrismaDiagram {
  const parts: string[] = []
  let y = MARGIN
  const title = cleanText(options.title ?? '')
  if (title !== '') {
    const lines = wrapTokens(title.split(' '), 17, WIDTH - 2 * MARGIN, WIDTH - 2 * MARGIN, true)
    lines.forEach((l, i) =>
      parts.push(text(MARGIN, y + i * 23 + 17, l, ' font-size="17" font-weight="bold"'))
    )
    y += lines.length * 23 + 10
  }

  const headerW = WIDTH - MARGIN - MAIN.x
  parts.push(
    `<g id="header"><rect x="${MAIN.x}" y="${y}" width="${headerW}" height="34" rx="6" fill="#fbe7a1" stroke="#d4b44c"/>`,
    text(
      MAIN.x + headerW / 2,
      y + 17 + 15 * 0.35,
      HEADER,
      ' text-anchor="middle" font-size="15" font-weight="bold"'
    ) + '</g>'
  )
  y += 34 + 22

  const bands = new Map<Phase, { top: number; bottom: number }>()
  const flow: string[] = []
  const rows = layRows(p)
  rows.forEach((row, i) => {
    const span = bands.get(row.phase)
    bands.set(row.phase, { top: span?.top ?? y, bottom: y + row.h })
    flow.push(drawBox(row.main, MAIN.x, y, MAIN.w, row.main.height))
    if (row.side) {
      flow.push(drawBox(row.side, SIDE.x, y, SIDE.w, row.side.height))
      // Both boxes start at the row's top, so mid-height of the shorter one meets both.
      const ay = y + Math.min(row.main.height, row.side.height) / 2
      flow.push(arrow(MAIN.x + MAIN.w, ay, SIDE.x - 1, ay))
    }
    const cx = MAIN.x + MAIN.w / 2
    const next = y + row.h + ROW_GAP
    if (i < rows.length - 1) flow.push(arrow(cx, y + row.main.height, cx, next - 1))
    y = next
  })
  for (const [phase, { top, bottom }] of bands) parts.push(band(phase, top, bottom - top))
  parts.push(...flow)
  y -= ROW_GAP

  const note = pendingNote(p)
  if (note !== undefined) {
    const lines = wrapTokens(note.split(' '), 13, WIDTH - MARGIN - MAIN.x)
    parts.push('<g id="pending-note">')
    lines.forEach((l, i) =>
      parts.push(
        text(MAIN.x, y + 24 + i * 18, l, ' font-size="13" font-style="italic" fill="#5b6660"')
      )
    )
    parts.push('</g>')
    y += 14 + lines.length * 18
  }
  const height = Math.ceil(y + MARGIN)

  const label = title === '' ? 'PRISMA 2020 flow diagram' : `PRISMA 2020 flow diagram: ${title}`
  const svg = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="prisma-title" font-family="${SVG_FONTS}" font-size="${FONT}" fill="${SVG_INK}">`,
    `<title id="prisma-title">${escapeXml(label)}</title>`,
    `<defs><marker id="prisma-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0 0L10 5L0 10z" fill="${EDGE}"/></marker></defs>`,
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n')
  return { svg, width: WIDTH, height }
}

/** The PRISMA 2020 flow diagram of `p` as an SVG document (SPEC §2.9). */
export function prismaSvg(p: Prisma, options: { title?: string } = {}): string {
  return prismaDiagram(p, options).svg
}
