import { z } from 'zod'

/**
 * The fields every vote form shares: the screening page's decisions and the resolver's
 * resolutions. Whether a vote fits its stage (a reason only with an exclusion, no maybe at
 * full text) is the domain's rule (`validateVote`), checked after this.
 */
export function voteForm(decisionMessage: string) {
  return z.object({
    stage: z.enum(['title_abstract', 'full_text']).default('title_abstract'),
    decision: z.enum(['include', 'exclude', 'maybe', 'not_retrieved'], {
      error: decisionMessage,
    }),
    note: z.string().trim().max(2000, 'Keep the note under 2000 characters.').default(''),
    reason: z
      .string()
      .default('')
      .transform((v, ctx) => {
        if (v === '') return null
        const n = Number(v)
        if (Number.isSafeInteger(n) && n > 0) return n
        ctx.addIssue({ code: 'custom', message: 'Choose one of the listed reasons.' })
        return z.NEVER
      }),
  })
}
