/**
 * Just enough XML for tests of generated SVG, with no dependency: a well-formedness check and
 * a reader of the PRISMA diagram's boxes (`<g id="box-…">` holding a `<rect>` and `<text>`s).
 */

const NAME = '[A-Za-z_][\\w.:-]*'
const TAG = new RegExp(`<(/)?(${NAME})((?:\\s+${NAME}\\s*=\\s*"[^"<]*")*)\\s*(/)?>`, 'y')
const ATTR = new RegExp(`(${NAME})\\s*=\\s*"([^"<]*)"`, 'g')
const REFERENCE = /&(?:amp|lt|gt|quot|apos|#\d+|#x[\da-fA-F]+);/g
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/

function checkChars(text: string, at: number) {
  if (/[<&]/.test(text.replace(REFERENCE, ''))) throw new Error(`bare < or & near ${at}`)
  if (FORBIDDEN.test(text)) throw new Error(`a character XML forbids near ${at}`)
}

/** Throws with the position of the first problem unless `xml` is a well-formed document. */
export function assertWellFormed(xml: string): void {
  const open: string[] = []
  let roots = 0
  let i = xml.startsWith('<?xml') ? xml.indexOf('?>') + 2 : 0
  while (i < xml.length) {
    const lt = xml.indexOf('<', i)
    const text = xml.slice(i, lt === -1 ? xml.length : lt)
    if (open.length === 0 && text.trim() !== '') throw new Error(`text outside the root at ${i}`)
    checkChars(text, i)
    if (lt === -1) break
    TAG.lastIndex = lt
    const m = TAG.exec(xml)
    if (!m) throw new Error(`malformed tag at ${lt}: ${xml.slice(lt, lt + 60)}`)
    const [whole, closing, name, attrs = '', selfClosing] = m
    const names = [...attrs.matchAll(ATTR)].map((a) => a[1])
    if (new Set(names).size !== names.length) throw new Error(`repeated attribute at ${lt}`)
    checkChars(attrs, lt)
    if (closing) {
      if (attrs.trim() !== '' || selfClosing) throw new Error(`odd end tag at ${lt}`)
      if (open.pop() !== name) throw new Error(`</${name}> does not close the open tag at ${lt}`)
    } else {
      if (open.length === 0 && ++roots > 1) throw new Error(`a second root at ${lt}`)
      if (!selfClosing) open.push(name!)
    }
    i = lt + whole.length
  }
  if (open.length > 0) throw new Error(`unclosed <${open.join('>, <')}>`)
  if (roots !== 1) throw new Error('no root element')
}

export function unescapeXml(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => named[e]!)
}

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export interface DrawnBox extends Rect {
  lines: { x: number; y: number; text: string }[]
}

const num = (attrs: string, name: string) => {
  const m = new RegExp(`\\b${name}="(-?[\\d.]+)"`).exec(attrs)
  if (!m) throw new Error(`no ${name} in ${attrs}`)
  return Number(m[1])
}
const rectOf = (attrs: string): Rect => ({
  x: num(attrs, 'x'),
  y: num(attrs, 'y'),
  width: num(attrs, 'width'),
  height: num(attrs, 'height'),
})

/** The groups `<g id="{prefix}…">`, by the rest of their id: their first rect and their lines. */
export function drawnGroups(svg: string, prefix = 'box-'): Map<string, DrawnBox> {
  const groups = new Map<string, DrawnBox>()
  for (const g of svg.matchAll(new RegExp(`<g id="${prefix}([\\w-]+)">([\\s\\S]*?)</g>`, 'g'))) {
    const rect = /<rect([^>]*)\/>/.exec(g[2]!)
    const lines = [...g[2]!.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)].map((t) => ({
      x: num(t[1]!, 'x'),
      y: num(t[1]!, 'y'),
      text: unescapeXml(t[2]!),
    }))
    groups.set(g[1]!, { ...(rect ? rectOf(rect[1]!) : { x: 0, y: 0, width: 0, height: 0 }), lines })
  }
  return groups
}

/** The text lines of one box, unescaped. */
export function boxLines(svg: string, key: string): string[] {
  const box = drawnGroups(svg).get(key)
  if (!box) throw new Error(`no box ${key}`)
  return box.lines.map((l) => l.text)
}
