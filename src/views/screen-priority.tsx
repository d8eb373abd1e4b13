import type { Ranking } from '../db/schema.ts'
import { estimate, type StoppingAdvice } from '../domain/stopping.ts'
import { plural } from './format.ts'

export const PRIORITY_ID = 'screen-priority'

export interface PriorityProps {
  projectId: number
  /** The lead's setting. */
  enabled: boolean
  /** The reviewer's last ranking; undefined until their model has been trained. */
  ranking: Ranking | undefined
  advice: StoppingAdvice
  isLead: boolean
  now: number
  oob?: boolean
}

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 5) return 'just now'
  if (s < 90) return `${s} s ago`
  const min = Math.round(s / 60)
  if (min < 90) return `${min} min ago`
  return `${Math.round(min / 60)} h ago`
}

/**
 * How the reviewer's queue is ordered and what the model expects is left, with the stopping
 * heuristic and its basis. Beside the card on the page, and swapped out of band after each
 * decision.
 */
export function PriorityPanel(props: PriorityProps) {
  const r = props.ranking
  return (
    <section
      id={PRIORITY_ID}
      class="priority"
      aria-labelledby="priority-title"
      hx-swap-oob={props.oob ? 'true' : undefined}
    >
      <h2 id="priority-title">Order</h2>
      {!props.enabled ? (
        <p>
          Random: priority screening is switched off
          {props.isLead ? (
            <>
              {' '}
              (<a href={`/projects/${props.projectId}/settings#settings-ranking`}>settings</a>)
            </>
          ) : (
            ' by the lead'
          )}
          .
        </p>
      ) : !r ? (
        <p>
          Random for now. After your first include and first exclude, the records most like your
          includes come first.
        </p>
      ) : (
        <>
          <p>
            <strong>Likely relevant first</strong>: learnt from {plural(r.labelled, 'decision')} (
            {r.includes.toLocaleString('en-GB')} relevant), updated {ago(props.now - r.trainedAt)}.
          </p>
          <p class="priority-estimate">
            The model expects <strong>{estimate(r.expectedRelevant)}</strong> relevant{' '}
            {r.expectedRelevant < 1.5 && r.expectedRelevant >= 0.5 ? 'record' : 'records'} among the{' '}
            {plural(r.ranked, 'record')} left for you. It is an estimate, not a promise.
          </p>
          <details class="priority-stop">
            <summary>
              When could you stop?{' '}
              <span class={props.advice.met ? 'badge badge-ok' : 'badge'}>
                {props.advice.criteria.filter((c) => c.met).length} of{' '}
                {props.advice.criteria.length} met
              </span>
            </summary>
            <ul>
              {props.advice.criteria.map((c) => (
                <li class={c.met ? 'met' : undefined}>
                  <span aria-hidden="true">{c.met ? '✓' : '○'}</span>{' '}
                  <span class="sr-only">{c.met ? 'Met: ' : 'Not yet: '}</span>
                  {c.text}
                </li>
              ))}
            </ul>
            <p class="hint">
              A heuristic after the SAFE procedure (Boetje and van de Schoot 2024), not a guarantee:
              relevant records can remain. Stopping is the team’s decision; report the rule you used
              in the methods.
            </p>
          </details>
        </>
      )}
    </section>
  )
}
