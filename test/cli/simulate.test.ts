import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cli } from '../helpers/cli.ts'

const dir = mkdtempSync(join(tmpdir(), 'winnow-simulate-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function csv(name: string, text: string) {
  const file = join(dir, name)
  writeFileSync(file, text)
  return file
}

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`

// 60 records, 6 relevant (about default options), in ASReview's CSV layout; record 60 repeats
// record 59 and record 58 has no abstract.
const rows = Array.from({ length: 60 }, (_, i) => {
  const relevant = i % 10 === 3
  const title = relevant ? `Default option nudge ${i}` : `Knee surgery outcomes ${i}`
  const abstract = relevant
    ? 'A default enrolment nudge changed choices; opt out defaults and reminders.'
    : 'Patients after knee replacement surgery; pain, fracture and physiotherapy outcomes.'
  return [i + 1, title, i === 57 ? '' : abstract, relevant ? 1 : 0]
})
rows[59] = [60, rows[58]![1]!, rows[58]![2]!, rows[58]![3]!]
const dataset = csv(
  'nudges.csv',
  ['record_id,title,abstract,label_included', ...rows.map(([id, t, a, y]) => `${id},${quote(String(t))},${quote(String(a))},${y}`)].join('\n') // prettier-ignore
)

describe('winnow simulate', () => {
  it('prints the means over the runs as JSON', async () => {
    const r = await cli(['simulate', '--csv', dataset, '--runs', '3', '--seed', '7'], {})
    expect(r.stderr).toMatch(/simulated 3 run\(s\) on 60 records/)
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out).toMatchObject({ records: 60, relevant: 6, runs: 3, seed: 7, label: 'label_included' }) // prettier-ignore
    for (const key of [
      'wss95',
      'wss100',
      'recall_at_10pct',
      'recall_at_20pct',
      'screened_for_95pct',
    ])
      expect(typeof out[key]).toBe('number')
    // The first 6 records (10 %) hold the prior exclude: 5 of the 6 relevant at most.
    expect(out.recall_at_10pct).toBeCloseTo(5 / 6, 4)
    expect(out.wss95).toBeGreaterThan(out.random.wss95)
  })

  it('drops empty abstracts and duplicates when asked', async () => {
    const r = await cli(['simulate', '--csv', dataset, '--drop-empty', '--drop-duplicates'], {})
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out.records).toBe(58)
    expect(out.dropped).toEqual({ empty: 1, duplicates: 1 })
  })

  it('reads another label column', async () => {
    const file = csv('other.csv', 'title,abstract,included\nA nudge,default,1\nKnee,surgery,0\nHip,surgery,0\n') // prettier-ignore
    const r = await cli(['simulate', '--csv', file, '--label', 'included'], {})
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ records: 3, relevant: 1, label: 'included' })
  })

  it.each<[string, () => string[], RegExp]>([
    ['a missing file', () => ['--csv', join(dir, 'absent.csv')], /absent\.csv: no such file/],
    ['no --csv', () => [], /--csv FILE is required/],
    ['no label column', () => ['--csv', csv('nolabel.csv', 'title,abstract\nA,B\n')], /no label column/], // prettier-ignore
    ['an unknown label column', () => ['--csv', dataset, '--label', 'decision'], /no decision column/], // prettier-ignore
    ['labels not 0/1', () => ['--csv', csv('yes.csv', 'title,abstract,label\nA,B,yes\nC,D,0\n')], /record 1: label is "yes", not 0 or 1/], // prettier-ignore
    ['only excludes', () => ['--csv', csv('zeros.csv', 'title,label\nA,0\nB,0\n')], /at least one include and one exclude/], // prettier-ignore
    ['--runs 0', () => ['--csv', dataset, '--runs', '0'], /--runs must be a whole number ≥ 1, not "0"/], // prettier-ignore
    ['--runs abc', () => ['--csv', dataset, '--runs', 'abc'], /--runs must be a whole number/],
    ['--seed=-1', () => ['--csv', dataset, '--seed=-1'], /--seed must be a whole number ≥ 0/],
    ['an unknown option', () => ['--csv', dataset, '--model', 'svm'], /Unknown option '--model'/],
  ])('exits 2 on %s', async (_, args, message) => {
    const r = await cli(['simulate', ...args()], {})
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(message)
    expect(r.stdout).toBe('')
  })

  it('is listed in the help', async () => {
    const r = await cli(['help'], {})
    expect(r.stdout).toMatch(/simulate --csv FILE \[--label COLUMN\] \[--seed N\] \[--runs N\]/)
  })
})
