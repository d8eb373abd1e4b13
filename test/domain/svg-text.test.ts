import { describe, expect, it } from 'vitest'
import {
  cleanText,
  escapeXml,
  formatCount,
  textWidth,
  wrapTokens,
} from '../../src/domain/svg-text.ts'

describe('escapeXml', () => {
  it.each([
    ['plain', 'plain'],
    ['A & B', 'A &amp; B'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    [']]>', ']]&gt;'],
    [`"double" 'single'`, '&quot;double&quot; &apos;single&apos;'],
    ['&amp;', '&amp;amp;'],
    ['Ünïcödé —', 'Ünïcödé —'],
  ])('%j → %j', (text, escaped) => {
    expect(escapeXml(text)).toBe(escaped)
  })
})

describe('cleanText', () => {
  it.each([
    ['  two\n\tlines  ', 'two lines'],
    ['bell\u0007 and nul\u0000', 'bell\ufffd and nul\ufffd'],
    ['lone \ud800 surrogate', 'lone \ufffd surrogate'],
    ['pair 😀 kept', 'pair 😀 kept'],
    ['not a char \uffff', 'not a char \ufffd'],
  ])('%j → %j', (text, clean) => {
    expect(cleanText(text)).toBe(clean)
  })
})

describe('textWidth', () => {
  it('measures narrow letters narrower than wide ones, and bold wider', () => {
    expect(textWidth('iiii', 14)).toBeLessThan(textWidth('WWWW', 14))
    expect(textWidth('Scopus', 14, true)).toBeGreaterThan(textWidth('Scopus', 14))
    expect(textWidth('', 14)).toBe(0)
  })

  it('scales with the font size and gives accents and wide scripts a width', () => {
    expect(textWidth('Records', 28)).toBeCloseTo(2 * textWidth('Records', 14))
    expect(textWidth('é', 14)).toBe(textWidth('e', 14))
    expect(textWidth('文献', 14)).toBeGreaterThan(textWidth('ab', 14))
  })
})

describe('wrapTokens', () => {
  const words = 'Not in a language we can read or have a translator for at the time'.split(' ')

  it('keeps every line within the width, first and hanging', () => {
    const lines = wrapTokens(words, 14, 160, 140)
    expect(lines.length).toBeGreaterThan(2)
    expect(lines.join(' ')).toBe(words.join(' '))
    lines.forEach((l, i) => expect(textWidth(l, 14)).toBeLessThanOrEqual(i === 0 ? 160 : 140))
  })

  it('never splits a token that fits, and breaks one that cannot', () => {
    expect(wrapTokens(['Scopus', '(n = 1,234)'], 14, 80)).toEqual(['Scopus', '(n = 1,234)'])
    const long = 'https://example.org/a-very-long-registry-address-without-spaces'
    const lines = wrapTokens([long], 14, 120)
    expect(lines.join('')).toBe(long)
    for (const l of lines) expect(textWidth(l, 14)).toBeLessThanOrEqual(120)
  })

  it('gives one empty line for no words', () => {
    expect(wrapTokens([], 14, 100)).toEqual([''])
  })
})

describe('formatCount', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1234, '1,234'],
    [1234567, '1,234,567'],
  ])('%d → %s', (n, text) => {
    expect(formatCount(n)).toBe(text)
  })
})
