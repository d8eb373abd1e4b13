/**
 * Text for SVG made without a DOM: XML escaping, an approximate text width, and word wrapping.
 * Widths follow Helvetica's metrics (Arial and Liberation Sans share them), the fonts the
 * diagrams ask for first; a margin covers the fallback fonts, which run a little wider.
 */

/** Widths of ASCII 32–126 in thousandths of an em (Helvetica's font metrics). */
// prettier-ignore
const ASCII = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space … /
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0 … ?
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ … O
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P … _
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` … o
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p … ~
]
const PUNCTUATION: Record<string, number> = {
  '\u00a0': 278,
  '–': 556,
  '—': 1000,
  '‘': 222,
  '’': 222,
  '“': 333,
  '”': 333,
  '…': 1000,
  '•': 350,
  '×': 584,
  '−': 584,
  '≠': 584,
}
/** DejaVu Sans, the fallback on Linux without Liberation fonts, sets text ~10 % wider (measured). */
const SAFETY = 1.1
const BOLD = 1.07

function charWidth(ch: string): number {
  const code = ch.codePointAt(0)!
  if (code >= 32 && code <= 126) return ASCII[code - 32]!
  const known = PUNCTUATION[ch]
  if (known !== undefined) return known
  // Accented Latin letters are as wide as their base letter.
  const base = ch.normalize('NFD').codePointAt(0)!
  if (base >= 32 && base <= 126) return ASCII[base - 32]!
  if (code >= 0x0300 && code <= 0x036f) return 0 // a combining mark sits on the letter before
  // CJK, Hangul, full-width forms and emoji take a full em.
  if (code >= 0x1100 && (code < 0x2000 || code >= 0x2e80)) return code >= 0x1f000 ? 1250 : 1000
  return 650
}

/** The fonts the widths above are measured for, and the text colour of Winnow's pictures. */
export const SVG_FONTS = "Helvetica, Arial, 'Liberation Sans', sans-serif"
export const SVG_INK = '#1d2421'

/** The approximate width in px of `text` at `size` px. */
export function textWidth(text: string, size: number, bold = false): number {
  let units = 0
  for (const ch of text) units += charWidth(ch)
  return (units / 1000) * size * SAFETY * (bold ? BOLD : 1)
}

/** Text as XML character data or attribute value: `]]>` and `<script>` come out as text. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => XML_ENTITIES[ch]!)
}
const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
}

/**
 * Text fit for one line of a drawing: characters XML 1.0 forbids even escaped (controls, lone
 * surrogates, U+FFFE/U+FFFF) become U+FFFD, and runs of white space one space.
 */
export function cleanText(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/\s+/g, ' ')
    .trim()
}

/** A count as people read it: 12,345. */
export const formatCount = (n: number): string => n.toLocaleString('en-GB')

/**
 * Words into lines no wider than `first` px (then `rest` px, for a hanging indent). A token
 * never splits unless it alone is too wide: then it breaks between characters.
 */
export function wrapTokens(
  tokens: readonly string[],
  size: number,
  first: number,
  rest = first,
  bold = false
): string[] {
  const lines: string[] = []
  const space = textWidth(' ', size, bold)
  const limit = () => (lines.length === 0 ? first : rest)
  let line = ''
  let width = 0
  for (let token of tokens) {
    let w = textWidth(token, size, bold)
    if (line !== '' && width + space + w <= limit()) {
      line += ` ${token}`
      width += space + w
      continue
    }
    if (line !== '') lines.push(line)
    while (w > limit()) {
      const [head, tail] = breakToken(token, size, limit(), bold)
      lines.push(head)
      token = tail
      w = textWidth(token, size, bold)
    }
    line = token
    width = w
  }
  if (line !== '' || lines.length === 0) lines.push(line)
  return lines
}

/** The longest head of `token` that fits `max` px (at least one character), and the rest. */
function breakToken(token: string, size: number, max: number, bold: boolean): [string, string] {
  const chars = Array.from(token)
  let width = 0
  let i = 0
  while (i < chars.length) {
    width += textWidth(chars[i]!, size, bold)
    if (width > max && i > 0) break
    i++
  }
  return [chars.slice(0, i).join(''), chars.slice(i).join('')]
}
