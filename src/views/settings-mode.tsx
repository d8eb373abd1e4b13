import type { Child } from 'hono/jsx'
import type { Project } from '../db/schema.ts'
import type { FormState } from './components/form.tsx'
import type { MemberRow } from './members.tsx'
import { ErrorText, invalid, SECTIONS, SettingsSection, shown } from './settings-rows.tsx'

/** The calibration share as the whole percent the form shows. */
export const sharePercent = (share: number) => Math.round(share * 100)

interface SectionProps {
  project: Project
  action: string
  state?: FormState | undefined
}

function Radio(props: { name: string; value: string; current: string; children?: Child }) {
  return (
    <label class="choice settings-choice">
      <input
        type="radio"
        name={props.name}
        value={props.value}
        checked={props.current === props.value}
      />
      <span>{props.children}</span>
    </label>
  )
}

function NumberField(props: {
  name: string
  label: string
  hint: string
  value: string
  state?: FormState | undefined
  min: number
  max: number
  step: string
}) {
  const id = `f-${props.name}`
  const error = props.state?.errors?.[props.name]
  return (
    <div class={error ? 'field field-invalid' : 'field'}>
      <label for={id}>{props.label}</label>
      <p class="hint" id={`${id}-hint`}>
        {props.hint}
      </p>
      <input
        id={id}
        name={props.name}
        type="number"
        inputmode="decimal"
        min={props.min}
        max={props.max}
        step={props.step}
        value={shown(props.state, props.name, props.value)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
      />
      <ErrorText id={id} error={error} />
    </div>
  )
}

export function ModeSection(props: SectionProps & { screeningStarted: boolean }) {
  const p = props.project
  const screening = shown(props.state, 'screeningMode', p.screeningMode)
  const fullText = shown(props.state, 'fullTextMode', p.fullTextMode)
  return (
    <SettingsSection
      {...SECTIONS.mode}
      action={props.action}
      button="Save screening mode"
      state={props.state}
      intro={
        props.screeningStarted && (
          <p class="settings-note">
            Title/abstract screening has started, so its mode is fixed now. Full-text screening can
            still change; the change applies to records that reach full text from now on.
          </p>
        )
      }
    >
      <fieldset class="field">
        <legend>Title/abstract screening</legend>
        <Radio name="screeningMode" value="dual" current={screening}>
          <strong>Dual</strong>: two reviewers screen every record independently.
        </Radio>
        <Radio name="screeningMode" value="rapid" current={screening}>
          <strong>Rapid</strong> (Cochrane Rapid Reviews Methods Group, 2023): a random calibration
          share of the records is dual-screened; once Cohen’s kappa reaches the threshold the rest
          is single-screened, otherwise another batch is dual-screened.
        </Radio>
      </fieldset>
      <div class="settings-rapid">
        <p class="hint">These two apply to rapid mode only.</p>
        <NumberField
          name="calibrationPercent"
          label="Calibration share (%)"
          hint="Share of all records in each dual-screened calibration batch: a whole number from 1 to 100."
          value={String(sharePercent(p.calibrationShare))}
          state={props.state}
          min={1}
          max={100}
          step="1"
        />
        <NumberField
          name="kappaThreshold"
          label="Kappa threshold"
          hint="Cohen’s kappa a calibration batch must reach before single screening: 0 to 1 (0.6 is moderate agreement)."
          value={String(p.kappaThreshold)}
          state={props.state}
          min={0}
          max={1}
          step="0.01"
        />
      </div>
      <fieldset class="field">
        <legend>Full-text screening</legend>
        <Radio name="fullTextMode" value="dual" current={fullText}>
          <strong>Dual</strong>: two reviewers assess every full text.
        </Radio>
        <Radio name="fullTextMode" value="single" current={fullText}>
          <strong>Single</strong>: one reviewer assesses each full text.
        </Radio>
      </fieldset>
    </SettingsSection>
  )
}

export function RankingSection(props: SectionProps) {
  const current = shown(props.state, 'ranking', props.project.rankingEnabled ? 'on' : 'off')
  return (
    <SettingsSection
      {...SECTIONS.ranking}
      action={props.action}
      button="Save priority screening"
      state={props.state}
      intro={
        <p class="hint">
          Applies to title/abstract screening and can change at any time. Each reviewer’s model
          learns only from what that reviewer may see: their own decisions and the records the team
          has settled, so screening stays blind.
        </p>
      }
    >
      <fieldset class="field">
        <legend>Order of each reviewer’s queue</legend>
        <Radio name="ranking" value="on" current={current}>
          <strong>Likely relevant first</strong>: once a reviewer has at least one include and one
          exclude, a model trained on their decisions puts the records most like their includes
          first, and is retrained in the background after every decision.
        </Radio>
        <Radio name="ranking" value="off" current={current}>
          <strong>Random</strong>: each reviewer keeps their own stable random order.
        </Radio>
      </fieldset>
    </SettingsSection>
  )
}

export function ResolversSection(props: SectionProps & { reviewers: MemberRow[] }) {
  const error = props.state?.errors?.resolver
  const { id, title } = SECTIONS.resolvers
  const intro = (
    <p class="hint">
      Leads always may resolve conflicts. Tick the reviewers who may resolve them too.
    </p>
  )
  if (props.reviewers.length === 0) {
    return (
      <section class="card settings-section" id={id} aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>{title}</h2>
        {intro}
        <p class="empty">
          This project has no reviewers yet: add them on the{' '}
          <a href={`/projects/${props.project.id}/members`}>Members</a> page.
        </p>
      </section>
    )
  }
  return (
    <SettingsSection
      {...SECTIONS.resolvers}
      action={props.action}
      button="Save resolvers"
      state={props.state}
      intro={intro}
    >
      <fieldset class={error ? 'field field-invalid' : 'field'}>
        <legend>Reviewers who may resolve conflicts</legend>
        {props.reviewers.map((r) => (
          <label class="choice">
            <input
              type="checkbox"
              name="resolver"
              value={String(r.userId)}
              checked={r.canResolve}
              {...invalid('f-resolver', error)}
            />{' '}
            {r.name} <span class="meta">{r.email}</span>
          </label>
        ))}
        <ErrorText id="f-resolver" error={error} />
      </fieldset>
    </SettingsSection>
  )
}
