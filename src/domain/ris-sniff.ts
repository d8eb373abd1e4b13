// Decides, from the first bytes only, whether a file is RIS, MEDLINE (.nbib), or something to
// refuse with a message saying what it looks like and what to export instead.
import { decodeHead, detectEncoding, type Encoding } from './text-decode.ts'
import { tagValueStart } from './ris-reader.ts'

export type Verdict =
  | { ok: true; format: 'ris' | 'nbib'; encoding: Encoding; skip: number; nul: boolean }
  | { ok: false; looksLike: string; message: string }

const EXPORT_RIS =
  'Export RIS from your reference manager (EndNote/Zotero: File → Export → RIS) or from the ' +
  "database's export menu, and import that."

const refuse = (looksLike: string, message: string): Verdict => ({ ok: false, looksLike, message })

const MAGIC: [number[], string][] = [
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (or a Word .docx / Excel .xlsx file)'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old Microsoft Office document (.doc/.xls)'],
  [[0x1f, 0x8b], 'a gzip-compressed file'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x7b, 0x5c, 0x72, 0x74, 0x66], 'an RTF document'],
]

export function sniff(head: Uint8Array, atEof: boolean): Verdict {
  if (head.length === 0) return refuse('empty', 'The file is empty. Nothing was imported.')
  for (const [magic, name] of MAGIC) {
    if (magic.every((b, i) => head[i] === b))
      return refuse(name, `This looks like ${name}, not a reference export. ${EXPORT_RIS}`)
  }
  const { encoding, skip } = detectEncoding(head, atEof)
  const nul = !encoding.startsWith('utf-16') && head.indexOf(0) >= 0
  const text = decodeHead(head, encoding, skip)
  const lines = text.split(/\r\r\n|\r\n|\r|\n/).map((l) => l.replace(/^\uFEFF/, ''))
  const format = structure(lines)
  if (format) return { ok: true, format, encoding, skip, nul }
  if (nul)
    return refuse('binary data', `This looks like binary data, not a text export. ${EXPORT_RIS}`)
  return classify(lines, atEof)
}

// Tags every RIS dialect uses. Two of them without any TY or ER is still RIS (a lone record
// whose TY was cut off); one stray `PS - ...` line in a letter is not.
const CORE_TAGS = new Set('TI T1 AU A1 AB N2 PY Y1 DA JO JF T2 KW DO SN UR VL IS SP EP'.split(' '))

/** MEDLINE when a PMID line comes before any TY or ER line; RIS when a TY or ER line, or two
 * core RIS tags, are there. */
function structure(lines: string[]): 'ris' | 'nbib' | null {
  const core = new Set<string>()
  for (const line of lines) {
    if (line.startsWith('PMID-')) return 'nbib'
    if (tagValueStart(line, 0) < 0) continue
    const tag = line.slice(0, 2)
    if (tag === 'TY' || tag === 'ER') return 'ris'
    if (CORE_TAGS.has(tag)) core.add(tag)
  }
  return core.size >= 2 ? 'ris' : null
}

function classify(lines: string[], atEof: boolean): Verdict {
  const filled = lines.filter((l) => l.trim() !== '')
  const first = filled[0]?.trim()
  if (first === undefined) {
    return atEof
      ? refuse('empty', 'The file holds only blank lines. Nothing was imported.')
      : refuse('empty', 'The first 64 KB of the file are blank. Nothing was imported.')
  }
  if (filled.some((l) => /^\s*@[A-Za-z]+\s*[{(]/.test(l)))
    return refuse('BibTeX', `This looks like a BibTeX file. ${EXPORT_RIS}`)
  if (/^(FN|VR) /.test(first) || (/^PT [A-Z]\s*$/.test(first) && filled.length > 1))
    return refuse(
      'Web of Science plain text',
      'This looks like a Web of Science plain-text export (FN/VR/PT field tags), not RIS. ' +
        'In Web of Science choose Export → "RIS (other reference software)" and import that.'
    )
  if (/^<\?xml|^<xml>/i.test(first))
    return refuse(
      'XML',
      `This looks like an XML file (an EndNote XML export?), not RIS. ${EXPORT_RIS}`
    )
  if (/^<(!doctype html|html)/i.test(first))
    return refuse(
      'HTML',
      `This looks like a web page (HTML), not a reference export. ${EXPORT_RIS}`
    )
  if (/^[[{]/.test(first))
    return refuse('JSON', `This looks like a JSON file (CSL-JSON?), not RIS. ${EXPORT_RIS}`)
  if (first.includes('\t'))
    return refuse('TSV', `This looks like a tab-separated table (TSV), not RIS. ${EXPORT_RIS}`)
  if (count(first, ',') >= 2)
    return refuse(
      'CSV',
      `This looks like a CSV table (a spreadsheet export), not RIS. ${EXPORT_RIS}`
    )
  if (filled.some((l) => tagValueStart(l, 0) >= 0))
    return refuse(
      'RIS without TY',
      'This has a few lines that look like RIS tags, but no "TY  - " line in its first 64 KB, ' +
        `so no record can be found. ${EXPORT_RIS}`
    )
  return refuse('plain text', `This looks like plain text with no RIS tags. ${EXPORT_RIS}`)
}

const count = (text: string, ch: string) => text.split(ch).length - 1
