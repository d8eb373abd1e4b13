import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { rowWeights, tfidf } from '../../src/domain/rank/tfidf.ts'
import { recordText, tokenize } from '../../src/domain/rank/tokenize.ts'

describe('tokenize', () => {
  it.each<[string, boolean, string[]]>([
    ['The Nudge, and the 2019 default!', false, ['nudge', 'default']],
    ['Évaluation of a café-based x intervention', false, ['evaluation', 'cafe', 'based', 'intervention']], // prettier-ignore
    ['default enrolment reminders', true, ['default', 'enrolment', 'reminders', 'default enrolment', 'enrolment reminders']], // prettier-ignore
    // Bigrams join the words left after stop words are dropped.
    ['effect of the default', true, ['effect', 'default', 'effect default']],
  ])('%s', (text, bigrams, expected) => {
    expect(tokenize(text, { bigrams })).toEqual(expected)
  })

  it('recordText joins title, abstract and keywords', () => {
    expect(recordText({ title: 'T', abstract: null, keywords: ['k1', 'k2'] })).toBe('T k1 k2')
    expect(recordText({ title: 'T', abstract: 'A', keywords: 'k' })).toBe('T A k')
  })
})

describe('tfidf', () => {
  // n = 3; df(apple) = df(banana) = 2, df(cherry) = 1.
  // idf = ln((1 + n) / (1 + df)) + 1: apple, banana 1 + ln(4/3); cherry 1 + ln 2.
  const texts = ['apple banana', 'apple apple cherry', 'banana']
  const idf2 = 1 + Math.log(4 / 3)
  const idf1 = 1 + Math.log(2)

  it('weights by sublinear tf · smoothed idf, rows of unit length', () => {
    const m = tfidf(texts)
    expect(m.terms).toEqual(['apple', 'banana', 'cherry'])
    expect([...m.idf]).toEqual([idf2, idf2, idf1].map((v) => expect.closeTo(v, 12)))
    const r0 = rowWeights(m, 0)
    expect(r0.get('apple')).toBeCloseTo(Math.SQRT1_2, 6)
    expect(r0.get('banana')).toBeCloseTo(Math.SQRT1_2, 6)
    // Row 1: apple (1 + ln 2)·idf2, cherry 1·idf1, then scaled to length 1.
    const apple = (1 + Math.log(2)) * idf2
    const norm = Math.hypot(apple, idf1)
    const r1 = rowWeights(m, 1)
    expect(r1.get('apple')).toBeCloseTo(apple / norm, 6)
    expect(r1.get('cherry')).toBeCloseTo(idf1 / norm, 6)
    expect([...rowWeights(m, 2)]).toEqual([['banana', 1]])
  })

  it('counts raw term frequency when not sublinear', () => {
    const r1 = rowWeights(tfidf(texts, { sublinear: false }), 1)
    const norm = Math.hypot(2 * idf2, idf1)
    expect(r1.get('apple')).toBeCloseTo((2 * idf2) / norm, 6)
  })

  it('drops terms in fewer than minDf documents', () => {
    const m = tfidf(texts, { minDf: 2 })
    expect(m.terms).toEqual(['apple', 'banana'])
    expect([...rowWeights(m, 1)]).toEqual([['apple', 1]])
    // The idf still counts all documents: n = 3.
    expect(m.idf[0]).toBeCloseTo(idf2, 12)
  })

  it('keeps empty rows empty and is stored as compressed rows', () => {
    const m = tfidf(['apple', '', 'the of'])
    expect(m.rows).toBe(3)
    expect([...m.indptr]).toEqual([0, 1, 1, 1])
  })
})

/** The definition, written plainly: string terms, a map per row. */
function reference(texts: string[], minDf: number) {
  const df = new Map<string, number>()
  const rows = texts.map((t) => tokenize(t, { bigrams: true }))
  for (const row of rows) for (const term of new Set(row)) df.set(term, (df.get(term) ?? 0) + 1)
  const kept = [...df].filter(([, n]) => n >= minDf).map(([term]) => term)
  return rows.map((row) => {
    const counts = new Map<string, number>()
    for (const term of row)
      if (df.get(term)! >= minDf) counts.set(term, (counts.get(term) ?? 0) + 1)
    const w = new Map(
      [...counts].map(([term, c]) => [
        term,
        (1 + Math.log(c)) * (Math.log((1 + texts.length) / (1 + df.get(term)!)) + 1),
      ])
    )
    const norm = Math.sqrt([...w.values()].reduce((s, x) => s + x * x, 0))
    return { kept, weights: new Map([...w].map(([term, x]) => [term, x / norm])) }
  })
}

describe('the fast build', () => {
  it('gives the matrix of the definition, column order included, on random texts', () => {
    const word = fc.constantFrom(
      'nudge',
      'default',
      'soil',
      'trial',
      'choice',
      'évaluation',
      'x1',
      'of'
    )
    fc.assert(
      fc.property(
        fc.array(
          fc.array(word, { maxLength: 12 }).map((ws) => ws.join(' ')),
          { minLength: 1, maxLength: 8 }
        ),
        fc.integer({ min: 1, max: 3 }),
        (texts, minDf) => {
          const m = tfidf(texts, { bigrams: true, minDf })
          const want = reference(texts, minDf)
          expect(m.terms).toEqual(want[0]!.kept)
          for (let r = 0; r < texts.length; r++) {
            const got = rowWeights(m, r)
            expect([...got.keys()].sort()).toEqual([...want[r]!.weights.keys()].sort())
            for (const [term, x] of want[r]!.weights) expect(got.get(term)).toBeCloseTo(x, 6)
          }
        }
      )
    )
  })
})
