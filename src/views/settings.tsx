import type { Project } from '../db/schema.ts'
import type { FieldErrors } from '../http/forms.ts'
import type { Criterion, Reason } from '../queries/settings.ts'
import type { FormState } from './components/form.tsx'
import { Layout, type LayoutProps } from './layout.tsx'
import type { MemberRow } from './members.tsx'
import {
  CriteriaRows,
  ErrorText,
  invalid,
  ReasonRows,
  SettingsSection,
} from './settings-rows.tsx'

export const SECTIONS = {
  criteria: { id: 'settings-criteria', title: 'Inclusion criteria' },
  terms: { id: 'settings-terms', title: 'Highlight terms' },
  reasons: { id: 'settings-reasons', title: 'Exclusion reasons' },
  mode: { id: 'settings-mode', title: 'Screening mode' },
  resolvers: { id: 'settings-resolvers', title: 'Who may resolve conflicts' },
} as const
export type SectionName = keyof typeof SECTIONS

/** A section's rejected form, re-shown with its mistakes (status 422). */
export interface SettingsState extends FormState {
  section: SectionName
}

export interface SettingsProps {
  layout: LayoutProps
  project: Project
  criteria: Criterion[]
  reasons: Reason[]
  reviewers: MemberRow[]
  screeningStarted: boolean
  state?: SettingsState | undefined
}

/** The calibration share as the whole percent the form shows. */
export const sharePercent = (share: number) => Math.round(share * 100)

export function SettingsPage(props: SettingsProps) {
  const base = `/projects/${props.project.id}/settings`
  const stateOf = (s: SectionName) => (props.state?.section === s ? props.state : undefined)
  return (
    <Layout {...props.layout}>
      <h1>Settings</h1>
      <p class="lede">How this project is screened. Each section is saved on its own.</p>
      <nav aria-label="Settings sections" class="settings-toc">
        <ul>
          {Object.values(SECTIONS).map((s) => (
            <li>
              <a href={`#${s.id}`}>{s.title}</a>
            </li>
          ))}
        </ul>
      </nav>
      {props.state && <ErrorSummary state={props.state} />}
      <SettingsSection
        {...SECTIONS.criteria}
        action={`${base}/criteria`}
        button="Save criteria"
        state={stateOf('criteria')}
        intro={
          <p class="hint">
            Shown beside every record while screening, in this order. To remove a criterion, clear
            its name and text. Fill in a blank row to add one.
          </p>
        }
      >
        <CriteriaRows criteria={props.criteria} state={stateOf('criteria')} />
      </SettingsSection>
      <TermsSection {...props} action={`${base}/terms`} state={stateOf('terms')} />
      <SettingsSection
        {...SECTIONS.reasons}
        action={`${base}/reasons`}
        button="Save reasons"
        state={stateOf('reasons')}
        intro={
          <p class="hint">
            A full-text exclusion needs one reason; at title/abstract a reason is optional. Reasons
            are never deleted, because decisions point at them and PRISMA counts them: retire a
            reason to hide it from new votes.
          </p>
        }
      >
        <ReasonRows reasons={props.reasons} state={stateOf('reasons')} />
      </SettingsSection>
      <ModeSection {...props} action={`${base}/mode`} state={stateOf('mode')} />
      <ResolversSection {...props} action={`${base}/resolvers`} state={stateOf('resolvers')} />
    </Layout>
  )
}

/** Errors with no single input to point at: the summary links to their section. */
const SECTION_LEVEL = new Set(['_form', 'resolver', 'screeningMode', 'fullTextMode'])

function ErrorSummary({ state }: { state: SettingsState }) {
  const section = SECTIONS[state.section]
  const entries = Object.entries(state.errors ?? {}) as [string, string][]
  return (
    <div class="alert alert-error settings-summary" role="alert">
      <p>
        <strong>{section.title} not saved.</strong> Nothing was changed; correct this and save
        again:
      </p>
      <ul>
        {entries.map(([key, message]) => (
          <li>
            <a href={SECTION_LEVEL.has(key) ? `#${section.id}` : `#f-${key}`}>
              {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  )
}

type SectionProps = SettingsProps & { action: string; state?: FormState | undefined }

const shown = (state: FormState | undefined, key: string, saved: string) =>
  state?.values?.[key] ?? saved

function TermsSection(props: SectionProps) {
  const errors: FieldErrors = props.state?.errors ?? {}
  const box = (key: 'include' | 'exclude', label: string, saved: string[]) => (
    <div class={errors[key] ? 'field field-invalid' : 'field'}>
      <label for={`f-${key}`}>{label}</label>
      <textarea id={`f-${key}`} name={key} rows={6} {...invalid(`f-${key}`, errors[key])}>
        {shown(props.state, key, saved.join('\n'))}
      </textarea>
      <ErrorText id={`f-${key}`} error={errors[key]} />
    </div>
  )
  return (
    <SettingsSection
      {...SECTIONS.terms}
      action={props.action}
      button="Save terms"
      state={props.state}
      intro={
        <p class="hint">
          On the screening card, include terms are{' '}
          <mark class="term-include">highlighted in green</mark> and exclude terms{' '}
          <mark class="term-exclude">in red</mark>. One term per line (or separate them with
          commas). Terms match whole words, ignoring case and accents: <code>child</code> finds
          “child” but not “children”; end a term with <code>*</code> to match the start of words (
          <code>child*</code> finds “children”); a term may have several words (
          <code>evidence based</code> also finds “evidence-based”). Up to 200 terms each, 100
          characters per term.
        </p>
      }
    >
      <div class="settings-pair">
        {box('include', 'Include terms', props.project.includeTerms)}
        {box('exclude', 'Exclude terms', props.project.excludeTerms)}
      </div>
    </SettingsSection>
  )
}

function Radio(props: { name: string; value: string; current: string; children: unknown }) {
  return (
    <label class="choice settings-choice">
      <input type="radio" name={props.name} value={props.value} checked={props.current === props.value} />
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

function ModeSection(props: SectionProps) {
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
            Title/abstract screening has started, so its mode is fixed now. Full-text screening
            can still change; the change applies to records that reach full text from now on.
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

function ResolversSection(props: SectionProps) {
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
