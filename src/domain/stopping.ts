/**
 * When may a reviewer screening in priority order consider stopping? A heuristic in the
 * spirit of the SAFE procedure (Boetje & van de Schoot 2024, Systematic Reviews 13:81): enough
 * of the records screened, a long run of excludes since the last include, and a model that
 * expects less than one relevant record among the rest. It is advice with its basis shown,
 * never a promise: relevant records can remain, and stopping is the team's decision.
 */

export interface StoppingInput {
  /** Records given to this reviewer, and how many of them they have screened. */
  total: number
  screened: number
  /** Records screened since their last include or maybe (counted up to `run(total)`). */
  sinceInclude: number
  /** The model's estimate of relevant records among the rest; undefined when untrained. */
  expectedRelevant: number | undefined
}

export interface Criterion {
  met: boolean
  text: string
}

export interface StoppingAdvice {
  criteria: Criterion[]
  /** All criteria met: the reviewer may consider stopping. */
  met: boolean
}

/** Screen at least this share of the records before stopping is worth discussing. */
export const MIN_SHARE = 0.1

/** The run of excludes that counts as long: 50, or 2 % of the records if that is more. */
export const run = (total: number) => Math.max(50, Math.ceil(total * 0.02))

const n = (x: number) => x.toLocaleString('en-GB')

export function stoppingAdvice(input: StoppingInput): StoppingAdvice {
  const needed = Math.ceil(input.total * MIN_SHARE)
  const long = run(input.total)
  const expected = input.expectedRelevant
  const criteria: Criterion[] = [
    {
      met: input.total > 0 && input.screened >= needed,
      text: `At least 10 % of your records screened (${n(input.screened)} of ${n(input.total)}; ${n(needed)} needed)`,
    },
    {
      met: input.sinceInclude >= long,
      text: `The last ${n(long)} records you screened were all excluded (${n(Math.min(input.sinceInclude, long))} so far)`,
    },
    {
      met: expected !== undefined && expected < 1,
      text:
        expected === undefined
          ? 'The model expects fewer than one relevant record among the rest (no model yet)'
          : `The model expects fewer than one relevant record among the rest (now ${estimate(expected)})`,
    },
  ]
  return { criteria, met: criteria.every((c) => c.met) }
}

/** A model estimate as a person would say it: "fewer than one", "about 3", "about 40". */
export function estimate(x: number): string {
  if (x < 1) return 'fewer than one'
  if (x < 10) return `about ${n(Math.round(x))}`
  return `about ${n(Math.round(x / 5) * 5)}`
}
