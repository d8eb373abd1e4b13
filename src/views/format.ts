/** Dates as a reviewer reads them, in UTC so every member sees the same text. */
export function formatDateTime(ms: number): string {
  const d = new Date(ms)
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`
}

/** "Smith J; Jones K; Lee M et al." */
export function shortAuthors(authors: string[], max = 3): string {
  if (authors.length === 0) return ''
  return authors.slice(0, max).join('; ') + (authors.length > max ? ' et al.' : '')
}
