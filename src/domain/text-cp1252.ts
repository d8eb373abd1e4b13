// windows-1252, the legacy code page of older Windows exporters.

/** The bytes as ISO-8859-1 characters: exact for ASCII, and V8 keeps the string one byte wide. */
export function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1')
}

// windows-1252 differs from ISO-8859-1 only in 0x80–0x9F (WHATWG Encoding index). Decoded here
// rather than by TextDecoder: Node 20's non-streaming TextDecoder('windows-1252') decodes these
// bytes as ISO-8859-1 (C1 controls instead of € “ ” – ...).
const CP1252_80_9F =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178'
const C1 = /[\x80-\x9f]/
const C1_ALL = /[\x80-\x9f]/g
const fromC1 = (c: string) => CP1252_80_9F[c.charCodeAt(0) - 0x80]!

export function decodeWindows1252(bytes: Uint8Array): string {
  const text = latin1(bytes)
  return C1.test(text) ? text.replace(C1_ALL, fromC1) : text
}
