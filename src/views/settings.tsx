import type { Project } from '../db/schema.ts'
import type { FieldErrors } from '../http/forms.ts'
import type { Criterion, Reason } from '../queries/settings.ts'
import type { FormState } from './components/form.tsx'
import { Layout, type LayoutProps } from './layout.tsx'
import type { MemberRow } from './members.tsx'
import { ModeSection, RankingSection, ResolversSection } from './settings-mode.tsx'
import {
  CriteriaRows,
  ErrorText,
  invalid,
  ReasonRows,
  SECTIONS,
  SettingsSection,
  shown,
  type SectionName,
} from './settings-rows.tsx'

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
      <RankingSection {...props} action={`${base}/ranking`} state={stateOf('ranking')} />
      <ResolversSection {...props} action={`${base}/resolvers`} state={stateOf('resolvers')} />
    </Layout>
  )
}

/** Errors with no single input to point at: the summary links to their section. */
const SECTION_LEVEL = new Set(['_form', 'resolver', 'screeningMode', 'fullTextMode', 'ranking'])

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
            <a href={SECTION_LEVEL.has(key) ? `#${section.id}` : `#f-${key}`}>{message}</a>
          </li>
        ))}
      </ul>
    </div>
  )
}

type SectionProps = SettingsProps & { action: string; state?: FormState | undefined }

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
        <div class="hint settings-syntax">
          <p>
            On the screening card, include terms are{' '}
            <mark class="term-include">highlighted in green</mark> and exclude terms{' '}
            <mark class="term-exclude">in red</mark>.
          </p>
          <ul>
            <li>One term per line, or separate terms with commas.</li>
            <li>
              Terms match whole words, ignoring case and accents: <code>child</code> finds “child”
              but not “children”.
            </li>
            <li>
              End a term with <code>*</code> to match the start of words: <code>child*</code> finds
              “children”.
            </li>
            <li>
              A term may have several words: <code>evidence based</code> also finds
              “evidence-based”.
            </li>
            <li>Up to 200 terms in each box, 100 characters per term.</li>
          </ul>
        </div>
      }
    >
      <div class="settings-pair">
        {box('include', 'Include terms', props.project.includeTerms)}
        {box('exclude', 'Exclude terms', props.project.excludeTerms)}
      </div>
    </SettingsSection>
  )
}
