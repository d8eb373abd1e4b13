import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { isGenericTitle, isNoticeTitle, titleKey, titleWords } from '../../src/domain/title-key.ts'
import { editDistance } from '../../src/domain/edit-distance.ts'
import { titleInfo } from '../../src/domain/title-match.ts'

describe('titleKey', () => {
  it.each([
    // [what, title, key]
    ['null', null, null],
    ['empty', '', null],
    ['punctuation only', ' ... – ', null],
    [
      'case and a trailing full stop',
      'Gastroliths in an Ornithopod Dinosaur.',
      'gastrolithsinanornithopoddinosaur',
    ],
    [
      'HTML italics (WoS)',
      '<i>Spinosaurus</i> is not an aquatic dinosaur',
      'spinosaurusisnotanaquaticdinosaur',
    ],
    [
      'the space WoS drops after </i>',
      'Spinosaurusis not an aquatic dinosaur',
      'spinosaurusisnotanaquaticdinosaur',
    ],
    ['sub/sup', 'CO<sub>2</sub> and m<sup>2</sup>', 'co2andm2'],
    ['tag with attributes', '<span class="x">Bone</span> growth', 'bonegrowth'],
    ['JATS / MathML namespaces', '<jats:italic>Homo</jats:italic> <mml:mi>x</mml:mi>', 'homox'],
    ['a "<" that is not a tag stays out', 'IL-6 <5 pg/mL', 'il65pgml'],
    ['&amp; is "and"', 'Dinosaurs &amp; design', 'dinosaursanddesign'],
    ['& is "and"', 'Dinosaurs & design', 'dinosaursanddesign'],
    ['double-escaped markup', '&amp;lt;i&amp;gt;Homo&amp;lt;/i&amp;gt; sapiens', 'homosapiens'],
    ['numeric entities', 'caf&#233; &#x3B2;-cells', 'cafebetacells'],
    ['accented entity', 'M&uuml;ller cells', 'mullercells'],
    ['unknown entity is markup', 'bone&zwsp;growth', 'bonegrowth'],
    ['diacritics', 'Müller, Ångström, São Paulo, Dvořák', 'mullerangstromsaopaulodvorak'],
    ['letters NFKD keeps', 'Straße Æsir Øresund Łódź', 'strasseaesiroresundlodz'],
    ['ligature and micro sign', 'ﬁsh oil 5 µg', 'fishoil5mug'],
    ['Greek letters spelled out', 'β-amyloid and TNF-α', 'betaamyloidandtnfalpha'],
    ['Greek entity', '&beta;-amyloid', 'betaamyloid'],
    ['Greek word', 'beta-amyloid', 'betaamyloid'],
    ['capital Greek and final sigma', 'ΔΣς', 'deltasigmasigma'],
    ['hyphen vs space vs nothing', 'follow-up / follow up / followup', 'followupfollowupfollowup'],
    ['subtitle punctuation', 'Title: a study — Title - a study', 'titleastudytitleastudy'],
    ['MEDLINE translated-title brackets', '[Asthma in the elderly].', 'asthmaintheelderly'],
    ['apostrophes', "Crohn's disease, 'feather-like'", 'crohnsdiseasefeatherlike'],
    ['superscript digits', 'x² + y³', 'x2y3'],
    ['keeps non-Latin letters', '糖尿病 review', '糖尿病review'],
  ] as const)('%s', (_what, title, key) => {
    expect(titleKey(title)).toBe(key)
  })

  it('keeps word boundaries in titleWords', () => {
    expect(titleWords('The rise of <i>Kulindadromeus</i>: a “feather-like” story.')).toEqual([
      'the', 'rise', 'of', 'kulindadromeus', 'a', 'feather', 'like', 'story',
    ]) // prettier-ignore
  })
})

describe('isGenericTitle', () => {
  it.each([
    'Editorial',
    'Letter to the editor',
    'Letters to the Editor',
    'Erratum',
    'Correction',
    'Reply',
    'Book review',
    'Introduction',
    "Authors' reply",
    'Reply to the letter to the editor',
    'Response to comment on',
    'Retraction notice',
    'Guest editorial',
    'Expression of concern',
    'Corrigendum',
  ])('%s is generic', (title) => {
    expect(isGenericTitle(titleWords(title))).toBe(true)
  })

  it.each([
    'Editorial: the future of dinosaur research',
    'Review of sauropod body size',
    'Dinosaurs',
  ])('%s is not generic', (title) => {
    expect(isGenericTitle(titleWords(title))).toBe(false)
  })
})

describe('isNoticeTitle', () => {
  it.each([
    ['Erratum: Author Correction: A remarkable assemblage of petroglyphs', true],
    ['Comment on: Gut microbiota and depression', true],
    ['Comment on "Gut microbiota and depression"', true],
    ['Reply to the letter on gut microbiota and depression', true],
    ['Response: the authors reply on gut microbiota', true],
    ['Letter: gut microbiota and depression in adolescents', true],
    ['Correction to: Gut microbiota and depression', true],
    ['Response to treatment with lithium in bipolar depression', false],
    ['Correction of scoliosis with growing rods in children', false],
    ['Commentary and replication of a dinosaur growth study', false],
    ['Gut microbiota and depression: a comment', false],
  ] as const)('%s → %s', (title, notice) => {
    expect(isNoticeTitle(title)).toBe(notice)
  })
})

describe('titleInfo', () => {
  it.each([
    ['Editorial', false, false],
    ['Cat models of type 2 diabetes', true, false],
    ['Dinosaur footprints from Arizona', true, false],
    ['Dinosaur footprints found in Arizona', true, true],
    ['Gastroliths in an ornithopod dinosaur', true, true],
    ['Obesity in dogs', false, false],
  ] as const)('%s: eligible %s, typo-tolerant %s', (title, eligible, fuzzy) => {
    const info = titleInfo(title)
    expect([info?.eligible, info?.fuzzy]).toEqual([eligible, fuzzy])
  })

  it('marks numbers, Roman numerals and negations', () => {
    expect(titleInfo('Part II of a phase 3 trial without placebo')?.markers).toBe('3|ii,without')
    expect(titleInfo('Dinosaurs of Utah')?.markers).toBe('|')
  })
})

describe('editDistance', () => {
  it.each([
    ['', '', Infinity, 0],
    ['abc', '', Infinity, 3],
    ['kitten', 'sitting', Infinity, 3],
    ['dinosaur', 'dinosuar', Infinity, 1],
    ['dinosaur', 'dinosaurs', Infinity, 1],
    ['dinosaur', 'dinsaur', Infinity, 1],
    ['kitten', 'sitting', 2, 3],
    ['kitten', 'sitting', 1, 2],
    ['abcdefgh', 'ab', 3, 4],
    ['ca', 'abc', Infinity, 3],
    ['ab', '', 2, 2],
    ['abc', 'c', 2, 2],
    ['', 'abcd', 3, 4],
  ])('%s → %s (max %s) = %s', (a, b, max, distance) => {
    expect(editDistance(a, b, max)).toBe(distance)
    expect(editDistance(b, a, max)).toBe(distance)
  })
})

/** Textbook optimal-string-alignment distance, full matrix, to check the banded one against. */
function reference(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0))
  )
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i]!
      const up = d[i - 1]!
      row[j] = Math.min(up[j]! + 1, row[j - 1]! + 1, up[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1)
      }
    }
  }
  return d[a.length]![b.length]!
}

describe('editDistance against a full-matrix reference', () => {
  const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), maxLength: 14 })
  it('agrees exactly when unbounded, and as min(d, max + 1) when bounded', () => {
    fc.assert(
      fc.property(text, text, fc.nat({ max: 6 }), (a, b, max) => {
        const d = reference(a, b)
        expect(editDistance(a, b)).toBe(d)
        expect(editDistance(a, b, max)).toBe(Math.min(d, max + 1))
      }),
      { numRuns: 2000 }
    )
  })
})
