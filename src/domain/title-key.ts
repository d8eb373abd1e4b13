/**
 * Title normalisation for duplicate detection (SPEC §2.2). Different tools export the same
 * study's title with different typography: WoS keeps `<i>` tags or capitalises a title, EBSCO
 * adds a trailing full stop, Crossref escapes `&amp;`, some tools write `β`, others `&beta;` or
 * `beta`. All of that must vanish before titles are compared.
 *
 * The key is the title's words, lower-cased, with every space and punctuation mark removed:
 * "Follow-up", "follow up" and "followup" all give "followup", and WoS's "Spinosaurusis not"
 * (it drops the space where `</i>` was) equals "Spinosaurus is not". It is a matching key, not
 * something to show a user.
 */

/** The Greek small letters U+03B1..U+03C9, in order (U+03C2 is the final sigma). */
const GREEK = [
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa',
  'lambda', 'mu', 'nu', 'xi', 'omicron', 'pi', 'rho', 'sigma', 'sigma', 'tau', 'upsilon', 'phi',
  'chi', 'psi', 'omega',
] // prettier-ignore
const GREEK_NAMES = new Set(GREEK)

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  shy: '',
  szlig: 'ss',
  aelig: 'ae',
  oelig: 'oe',
  thetasym: 'theta',
  sigmaf: 'sigma',
}
/** `&uuml;`, `&eacute;`, `&ccedil;`...: the accent is dropped later anyway, so keep the letter. */
const ACCENTED_ENTITY = /^([a-z])(acute|grave|uml|circ|tilde|ring|cedil|slash|caron)$/i

/** Letters that Unicode decomposition does not reduce to ASCII. */
const FOLDS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  þ: 'th',
  ı: 'i',
}

function decodeEntity(body: string): string {
  if (body.startsWith('#')) {
    const hex = body[1] === 'x' || body[1] === 'X'
    const code = Number.parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10)
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' '
  }
  const lower = body.toLowerCase()
  if (GREEK_NAMES.has(lower)) return ` ${lower} `
  const named = NAMED_ENTITIES[lower]
  if (named !== undefined) return named
  const accented = ACCENTED_ENTITY.exec(body)
  if (accented?.[1] !== undefined) return accented[1]
  // An entity we do not know is markup, not words: `&foo;` in a title is never the title's text.
  return ' '
}

const ENTITY = /&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);/gi
/**
 * Inline markup seen in exported titles (HTML, JATS, MathML). Only known tag names are
 * stripped, so a "<" in plain text ("IL-6 <5 pg/mL", "p<0.05") stays text.
 */
const TAG =
  /<\/?(?:i|b|u|em|strong|sup|sub|inf|sc|scp|small|span|br|p|a|italic|bold|font|tt|[a-z]+:[a-z][\w.-]*)(?:[\s/][^<>]*)?>/gi

function stripMarkup(title: string): string {
  let text = title
  // Twice, because double-escaped markup (`&amp;lt;i&amp;gt;`) occurs in real Crossref data.
  for (let pass = 0; pass < 2 && text.includes('&'); pass++) {
    text = text.replace(ENTITY, (_entity, body: string) => decodeEntity(body))
  }
  // Tags go without a space: `H<sub>2</sub>O` is one word, and `<i>Spinosaurus</i>` keeps its
  // neighbours' spacing.
  return text.replace(TAG, '')
}

/**
 * The title's normalised words: markup stripped, accents removed, Greek letters spelled out,
 * `&` read as "and" (so "Dickens, Dinosaurs & Design" = "Dickens, Dinosaurs, and Design"),
 * and split on anything that is not a letter or a digit.
 */
export function titleWords(title: string | null): string[] {
  if (title === null) return []
  const text = stripMarkup(title)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[ßæœøđðłþı]/g, (ch) => FOLDS[ch] ?? ch)
    .replace(/[\u03b1-\u03c9]/g, (ch) => ` ${GREEK[ch.charCodeAt(0) - 0x3b1] ?? ''} `)
    .replace(/&/g, ' and ')
  return text.split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 0)
}

/** Normalised title used for blocking and storage (records.title_key); null when there is no usable title. */
export function titleKey(title: string | null): string | null {
  const words = titleWords(title)
  return words.length > 0 ? words.join('') : null
}

/**
 * Words of titles that name a kind of item rather than a study. A title made only of these
 * ("Editorial", "Letter to the editor", "Reply to the authors", "Book review") is shared by
 * thousands of unrelated items, so it never identifies a duplicate on its own.
 */
const GENERIC_WORDS = new Set(
  (
    'a an and the of on to in for from by with re this our its his her their ' +
    'editorial editorials editor editors guest invited letter letters reply replies ' +
    'response responses comment comments commentary commentaries author authors s erratum errata ' +
    'correction corrections corrigendum corrigenda retraction retracted notice expression concern ' +
    'book books review reviews introduction preface foreword obituary news note notes issue ' +
    'abstract abstracts index contents table announcement acknowledgement acknowledgements ' +
    'acknowledgment acknowledgments reviewer reviewers conference meeting proceedings addendum ' +
    'highlights summary perspective perspectives viewpoint opinion discussion'
  ).split(' ')
)

export function isGenericTitle(words: readonly string[]): boolean {
  return words.every((word) => GENERIC_WORDS.has(word))
}

/**
 * Errata, comments, replies and letters about a paper carry that paper's title, and two of them
 * are different items: two authors' "Comment on: X", or a reply and a second reply. They match
 * only on DOI. "Response", "Correction" and "Letter" also open ordinary research titles
 * ("Response to treatment..."), so those count only with a colon.
 */
const NOTICE_KINDS = [
  'erratum', 'errata', 'corrigendum', 'corrigenda', 'correction', 'author correction',
  'publisher correction', 'retraction', 'retraction notice', 'expression of concern', 'comment',
  'commentary', 'reply', 'response', 'letter', 'book review',
] // prettier-ignore
const NOTICE_PHRASES = ['comment on', 'reply to', 'in reply', 'erratum to', 'correction to']
const NOTICE = new RegExp(
  `^\\W*(?:(?:${NOTICE_KINDS.join('|')})\\s*:|(?:${NOTICE_PHRASES.join('|')})\\b)`,
  'i'
)

export function isNoticeTitle(title: string): boolean {
  return NOTICE.test(title)
}
