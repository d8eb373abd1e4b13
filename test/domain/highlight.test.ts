import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { highlight, highlighter, type Segment, type Terms } from '../../src/domain/highlight.ts'

/** Segments written compactly: marked text as [i:...] or [e:...]. */
function show(segments: Segment[]): string {
  return segments.map((s) => (s.mark ? `[${s.mark[0]}:${s.text}]` : s.text)).join('')
}
const inc = (...include: string[]): Terms => ({ include, exclude: [] })
const exc = (...exclude: string[]): Terms => ({ include: [], exclude })

describe('highlight', () => {
  it.each<[string, string, Terms, string]>([
    ['no terms', 'Early help services', inc(), 'Early help services'],
    [
      'case-insensitive',
      'Commissioning and COMMISSIONING',
      inc('commissioning'),
      '[i:Commissioning] and [i:COMMISSIONING]',
    ],
    ['whole words only', 'child children childhood', inc('child'), '[i:child] children childhood'],
    ['a possessive is still the word', "the child's needs", inc('child'), "the [i:child]'s needs"],
    [
      'trailing * is a prefix, marking the whole word',
      'child, children and childhood',
      inc('child*'),
      '[i:child], [i:children] and [i:childhood]',
    ],
    ['a prefix still starts at a word', 'grandchildren', inc('child*'), 'grandchildren'],
    ['a * inside is literal', 'wom*n and women', inc('wom*n'), '[i:wom*n] and women'],
    [
      'multi-word term',
      'local authority commissioning',
      inc('local authority'),
      '[i:local authority] commissioning',
    ],
    [
      'spaces and dashes are interchangeable',
      'evidence-based and evidence  based',
      inc('evidence based'),
      '[i:evidence-based] and [i:evidence  based]',
    ],
    [
      'a dashed term finds the spaced form',
      'evidence based practice',
      inc('evidence-based'),
      '[i:evidence based] practice',
    ],
    ['accents ignored in the text', 'Santé publique', inc('sante'), '[i:Santé] publique'],
    ['accents ignored in the term', 'naive bayes', inc('naïve'), '[i:naive] bayes'],
    [
      'decomposed accents stay with their letter',
      'Sante\u0301 publique',
      inc('sante'),
      '[i:Sante\u0301] publique',
    ],
    ['compatibility forms', 'ﬁnance', inc('finance'), '[i:ﬁnance]'],
    ['regex characters are literal', 'C++ and C and Cx', inc('c++'), '[i:C++] and C and Cx'],
    [
      'brackets and dots are literal',
      'in the (UK) and UK, a.b axb',
      inc('(uk)', 'a.b'),
      'in the [i:(UK)] and UK, [i:a.b] axb',
    ],
    ['a backslash is literal', 'path a\\b', inc('a\\b'), 'path [i:a\\b]'],
    [
      'exclude terms',
      'A randomised trial in mice',
      exc('mice', 'trial'),
      'A randomised [e:trial] in [e:mice]',
    ],
    [
      'the longer match wins',
      'child protection services',
      { include: ['child'], exclude: ['child protection'] },
      '[e:child protection] services',
    ],
    [
      'the longer include beats a shorter exclude',
      'child protection services',
      { include: ['child protection'], exclude: ['child'] },
      '[i:child protection] services',
    ],
    [
      'on a tie the exclude term wins',
      'a protocol paper',
      { include: ['protocol'], exclude: ['protocol'] },
      'a [e:protocol] paper',
    ],
    [
      'overlapping, the longer takes the shared word',
      'early help services',
      { include: ['early help'], exclude: ['help services'] },
      'early [e:help services]',
    ],
    ['empty and blank terms are ignored', 'a b', inc('', '   ', '*'), 'a b'],
    ['surrounding whitespace in a term is ignored', 'early help', inc('  help '), 'early [i:help]'],
    ['a term at the very start and end', 'help me help', inc('help'), '[i:help] me [i:help]'],
    [
      'digits are word characters',
      'COVID19 and COVID 19',
      inc('covid'),
      'COVID19 and [i:COVID] 19',
    ],
    ['non-Latin scripts', 'Опека и опекун', inc('опека'), '[i:Опека] и опекун'],
    ['markup in a title stays text', '<i>Child</i> care', inc('child'), '<i>[i:Child]</i> care'],
  ])('%s', (_, text, terms, expected) => {
    expect(show(highlight(text, terms))).toBe(expected)
  })

  it('empty text has no segments', () => {
    expect(highlight('', inc('x'))).toEqual([])
  })

  it('returns plain segments, unmarked runs merged', () => {
    expect(highlight('a child and a parent', inc('child', 'parent'))).toEqual([
      { text: 'a ', mark: null },
      { text: 'child', mark: 'include' },
      { text: ' and a ', mark: null },
      { text: 'parent', mark: 'include' },
    ])
  })

  it('a compiled highlighter gives the same segments', () => {
    const terms = { include: ['child*'], exclude: ['protocol'] }
    const text = 'Children: a protocol'
    expect(highlighter(terms)(text)).toEqual(highlight(text, terms))
  })
})

describe('highlight properties', () => {
  const words = fc.constantFrom(
    'child',
    'Children',
    'care',
    'É',
    'e\u0301',
    'ﬁ',
    '(uk)',
    'c++',
    '*',
    '-',
    ' ',
    '.',
    '😀',
    'İ',
    'ß',
    '\\'
  )
  const text = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }), // lone surrogates too

    fc.array(words, { maxLength: 20 }).map((w) => w.join(''))
  )
  const terms = fc.record({
    include: fc.array(fc.oneof(fc.string({ maxLength: 6 }), words), { maxLength: 4 }),
    exclude: fc.array(fc.oneof(fc.string({ maxLength: 6 }), words), { maxLength: 4 }),
  })

  it('segments concatenate back to the exact text, none empty, unmarked never adjacent', () => {
    fc.assert(
      fc.property(text, terms, (t, ts) => {
        const segments = highlight(t, ts)
        expect(segments.map((s) => s.text).join('')).toBe(t)
        for (const [i, s] of segments.entries()) {
          expect(s.text).not.toBe('')
          if (i > 0 && s.mark === null) expect(segments[i - 1]!.mark).not.toBeNull()
        }
      }),
      { numRuns: 1000 }
    )
  })

  it('every term found on its own is marked when it is the whole text', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-zà-ÿ]{1,8}( [a-zà-ÿ]{1,8})?$/), (word) => {
        expect(highlight(word.toUpperCase(), inc(word))).toEqual([
          { text: word.toUpperCase(), mark: 'include' },
        ])
      })
    )
  })
})
