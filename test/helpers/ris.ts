/** Small RIS texts for tests that need records of their own making. */
export interface RisFields {
  title?: string
  abstract?: string
  authors?: string[]
  year?: number
  doi?: string
  journal?: string
}

export function risRecord(f: RisFields): string {
  const lines = ['TY  - JOUR']
  if (f.title !== undefined) lines.push(`TI  - ${f.title}`)
  for (const a of f.authors ?? []) lines.push(`AU  - ${a}`)
  if (f.year !== undefined) lines.push(`PY  - ${f.year}`)
  if (f.journal !== undefined) lines.push(`T2  - ${f.journal}`)
  if (f.abstract !== undefined) lines.push(`AB  - ${f.abstract}`)
  if (f.doi !== undefined) lines.push(`DO  - ${f.doi}`)
  lines.push('ER  - ')
  return lines.join('\n') + '\n\n'
}

export function risFile(records: RisFields[]): string {
  return records.map(risRecord).join('')
}

/** n distinct records: unique titles, years and DOIs, so none is a duplicate of another. */
export function distinctRecords(n: number, prefix = 'Study'): RisFields[] {
  const topics = [
    'commissioning',
    'early help',
    'social care',
    'toolkits',
    'evidence use',
    'guidance',
  ]
  return Array.from({ length: n }, (_, i) => ({
    title: `${prefix} ${i + 1} of ${topics[i % topics.length]} in local authority number ${i * 7 + 3}`,
    abstract: `Abstract of ${prefix.toLowerCase()} ${i + 1}: how teams use evidence when they commission services.`,
    authors: [`Author${i}, A.`, `Second${i}, B.`],
    year: 2000 + (i % 25),
    doi: `10.1234/${prefix.toLowerCase().replace(/\W+/g, '-')}.${i + 1}`,
    journal: 'Journal of Tests',
  }))
}

/**
 * Two topics a model can tell apart: records about nudges (what the review wants) and about
 * soil (what it does not), interleaved so that neither comes first by id or at random.
 */
export function twoTopicRecords(n: number): RisFields[] {
  const nudge = ['default options', 'choice architecture', 'behavioural nudges', 'opt-out defaults']
  const soil = ['soil erosion', 'groundwater nitrate', 'clay minerals', 'sediment transport']
  return Array.from({ length: n }, (_, i) => {
    const isNudge = i % 2 === 0
    const words = isNudge ? nudge : soil
    const topic = words[i % words.length]!
    return {
      title: isNudge
        ? `Nudging citizens with ${topic}: trial ${i}`
        : `Measuring ${topic} in catchment ${i}`,
      abstract: isNudge
        ? `A field experiment on ${topic} and choice architecture to nudge public service decisions; behavioural insights ${i}.`
        : `Field samples of ${topic}, soil chemistry and hydrology across catchment ${i}; geological survey.`,
      year: 2000 + (i % 20),
      doi: `10.5555/topic.${i}`,
    }
  })
}
