/**
 * Joint policy drafting (issue #18): a draft (a Perbup, an SK or SE Bupati, an SOP) goes round its reviewer
 * OPDs, the legal section (Bagian Hukum of the Setda) always among them, for their paraf koordinasi, one round
 * per version; any return sends it back to the drafting OPD for a new version; once every reviewer has
 * initialled the version, the Sekda and then the Bupati sign it or return it. The rules here are the only ones:
 * the API (apps/api/src/policy) and policyDraftWorkflow judge every action with them. Pure.
 */
import type { Sla } from '../calendar';
import type { FormSchema } from '../form-schema';
import { RESPONSIBILITIES } from '../responsibility';
import type { Actor, LeadershipOffice } from '../roles';
import type { EscalationPolicy } from '../template';

export const POLICY_KINDS = ['PERBUP', 'SK_BUPATI', 'SE_BUPATI', 'SOP'] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];

/** What each kind is called in Indonesian. */
export const POLICY_KIND_LABELS: Readonly<Record<PolicyKind, string>> = Object.freeze({
  PERBUP: 'Peraturan Bupati',
  SK_BUPATI: 'Keputusan Bupati',
  SE_BUPATI: 'Surat Edaran Bupati',
  SOP: 'Standar Operasional Prosedur',
});

export const POLICY_STATUSES = [
  'DRAFTING',
  'IN_REVIEW',
  'RETURNED',
  'AWAITING_SEKDA',
  'AWAITING_BUPATI',
  'SIGNED',
  'WITHDRAWN',
] as const;
export type PolicyStatus = (typeof POLICY_STATUSES)[number];

/** States in which nothing more happens to a draft. */
export const FINISHED_POLICY_STATUSES: readonly PolicyStatus[] = ['SIGNED', 'WITHDRAWN'];

export type ParafDecision = 'INITIALLED' | 'RETURNED';
export type SignOffOffice = Extract<LeadershipOffice, 'SEKDA' | 'BUPATI'>;
export type SignOffDecision = 'SIGNED' | 'RETURNED';

/** The responsibility (libs/domain/src/responsibility.ts) of the legal section, a reviewer of every draft. */
export const LEGAL_SECTION_RESPONSIBILITY = 'hukum';

/** The agency code of the legal section (Bagian Hukum Sekretariat Daerah), from the responsibility matrix. */
export function legalSectionCode(): string {
  const code = RESPONSIBILITIES[LEGAL_SECTION_RESPONSIBILITY]?.agency;
  if (!code) throw new Error(`the responsibility "${LEGAL_SECTION_RESPONSIBILITY}" names no OPD`);
  return code;
}

export const TITLE_MAX = 300;
export const DESCRIPTION_MAX = 4000;
export const NOTE_MAX = 2000;
export const MAX_REVIEWERS = 30;

/** The paraf koordinasi form of a review task: initial (PARAF) or return (KEMBALIKAN, with a note saying why). */
export const PARAF_FORM: FormSchema = Object.freeze({
  fields: [
    {
      key: 'paraf',
      label: 'Paraf koordinasi',
      type: 'select',
      required: true,
      options: ['PARAF', 'KEMBALIKAN'],
      help: 'PARAF: versi ini disetujui OPD Anda. KEMBALIKAN: perlu diperbaiki (tulis alasannya di catatan).',
    },
    {
      key: 'catatan',
      label: 'Catatan',
      type: 'longtext',
      required: false,
      // A return says what to revise.
      requiredWhen: { field: 'paraf', equals: 'KEMBALIKAN' },
    },
  ],
}) as FormSchema;

/** The decision a review task's accepted values carry (anything but an explicit KEMBALIKAN initials). */
export function parafDecision(values: unknown): ParafDecision {
  const paraf =
    values !== null && typeof values === 'object' ? (values as Record<string, unknown>)['paraf'] : undefined;
  return paraf === 'KEMBALIKAN' ? 'RETURNED' : 'INITIALLED';
}

/** The note of a review task's values, trimmed; null when there is none. */
export function parafComment(values: unknown): string | null {
  const note =
    values !== null && typeof values === 'object'
      ? (values as Record<string, unknown>)['catatan']
      : undefined;
  return typeof note === 'string' && note.trim() !== '' ? note.trim() : null;
}

/** How long a reviewer has for its paraf, and the ladder a stalled review climbs (the engine's default). */
export const DEFAULT_PARAF_SLA: Sla = Object.freeze({ amount: 3, unit: 'workingDays' });
/** How long the Sekda and the Bupati each have for their sign-off before they are reminded. */
export const DEFAULT_SIGN_OFF_SLA: Sla = Object.freeze({ amount: 3, unit: 'workingDays' });

/**
 * The ladder a stalled sign-off climbs: reminders to the office at half and three quarters of its time (the
 * engine's REMINDER_FRACTIONS); a Sekda who has not signed by the deadline is reported to the Bupati (level 3
 * of the civil-service ladder, docs/domain.md); above the Bupati there is no one, so a Bupati is only reminded.
 */
export function signOffLadder(office: SignOffOffice, sla: Sla): EscalationPolicy {
  return office === 'SEKDA' ? { levels: [{ level: 3, timeout: sla, repeats: 0 }] } : { levels: [] };
}

export interface DraftInput {
  kind: unknown;
  title: unknown;
  description?: unknown;
  /** The reviewer OPDs chosen (agency codes); the legal section is added when missing. */
  reviewerCodes: unknown;
  /** The drafting OPD's code: it does not review its own draft. */
  draftingCode: string;
}

/** What is wrong with a new draft, each naming its field; empty when it may start. */
export function draftProblems(input: DraftInput): string[] {
  const problems: string[] = [];
  if (typeof input.kind !== 'string' || !(POLICY_KINDS as readonly string[]).includes(input.kind))
    problems.push(`kind: must be one of ${POLICY_KINDS.join(', ')}`);
  if (typeof input.title !== 'string' || input.title.trim() === '') problems.push('title: must not be empty');
  else if (input.title.trim().length > TITLE_MAX)
    problems.push(`title: must be at most ${TITLE_MAX} characters`);
  if (input.description !== undefined && input.description !== null) {
    if (typeof input.description !== 'string') problems.push('description: must be text');
    else if (input.description.length > DESCRIPTION_MAX)
      problems.push(`description: must be at most ${DESCRIPTION_MAX} characters`);
  }
  const codes = input.reviewerCodes;
  if (!Array.isArray(codes) || codes.some((c) => typeof c !== 'string' || c.trim() === '')) {
    problems.push('reviewers: must be a list of OPD codes');
  } else {
    if (new Set(codes).size !== codes.length) problems.push('reviewers: an OPD is named twice');
    if (codes.includes(input.draftingCode))
      problems.push('reviewers: the drafting OPD does not review its own draft');
    if (reviewersOf(codes as string[]).length > MAX_REVIEWERS)
      problems.push(`reviewers: at most ${MAX_REVIEWERS} OPDs`);
  }
  return problems;
}

/** The reviewer OPDs of a draft: those chosen, then the legal section if it was not among them. */
export function reviewersOf(codes: readonly string[]): string[] {
  const legal = legalSectionCode();
  return codes.includes(legal) ? [...codes] : [...codes, legal];
}

/** What is wrong with a version's note (optional, bounded). */
export function versionNoteProblem(note: unknown): string | null {
  if (note === undefined || note === null) return null;
  if (typeof note !== 'string') return 'note: must be text';
  if (note.length > NOTE_MAX) return `note: must be at most ${NOTE_MAX} characters`;
  return null;
}

/** A sign-off return must say why; a signature's note is optional. */
export function signOffNoteProblem(decision: SignOffDecision, note: unknown): string | null {
  const problem = versionNoteProblem(note);
  if (problem) return problem;
  if (decision === 'RETURNED' && (typeof note !== 'string' || note.trim() === ''))
    return 'note: a return must say what to revise';
  return null;
}

export type PolicyAction = 'upload-version' | 'sign' | 'return' | 'withdraw';

export interface PolicyFacts {
  status: PolicyStatus;
  draftingAgencyId: string;
}

/** Why an action is refused: forbidden (who) or conflict (when); null when allowed. */
export type PolicyRefusal = { kind: 'forbidden' | 'conflict'; message: string };

const DRAFTING_ROLES: readonly Actor['role'][] = ['LEAD', 'AGENCY_HEAD'];

/** Whether the actor may draft for its OPD: a LEAD or the Kepala OPD (AGENCY_HEAD). */
export function draftsForAgency(actor: Actor): boolean {
  return DRAFTING_ROLES.includes(actor.role);
}

/** The office whose sign-off a draft waits for, if any. */
export function signOffOfficeFor(status: PolicyStatus): SignOffOffice | null {
  if (status === 'AWAITING_SEKDA') return 'SEKDA';
  if (status === 'AWAITING_BUPATI') return 'BUPATI';
  return null;
}

/** The sign-off office the actor holds (LEADERSHIP with office SEKDA or BUPATI; a Plt./Plh. carries it too). */
export function signOffOfficeOf(actor: Actor): SignOffOffice | null {
  if (actor.role !== 'LEADERSHIP') return null;
  return actor.office === 'SEKDA' || actor.office === 'BUPATI' ? actor.office : null;
}

/** Who may do what to a draft, in which state: the one rule the API and the workflow both apply. */
export function policyActionRefusal(
  facts: PolicyFacts,
  actor: Actor,
  action: PolicyAction,
): PolicyRefusal | null {
  const finished = FINISHED_POLICY_STATUSES.includes(facts.status);
  switch (action) {
    case 'upload-version':
    case 'withdraw': {
      if (actor.agencyId !== facts.draftingAgencyId || !draftsForAgency(actor))
        return {
          kind: 'forbidden',
          message:
            action === 'withdraw'
              ? 'only a lead or the Kepala OPD of the drafting OPD withdraws the draft'
              : 'only a lead or the Kepala OPD of the drafting OPD uploads a version',
        };
      if (finished) return { kind: 'conflict', message: `the draft is ${facts.status.toLowerCase()}` };
      if (action === 'upload-version' && facts.status !== 'DRAFTING' && facts.status !== 'RETURNED')
        return {
          kind: 'conflict',
          message: 'a new version is uploaded only before the first review or after a return',
        };
      return null;
    }
    case 'sign':
    case 'return': {
      const held = signOffOfficeOf(actor);
      if (held === null)
        return { kind: 'forbidden', message: 'only the Sekda or the Bupati signs or returns a draft' };
      const awaited = signOffOfficeFor(facts.status);
      if (awaited === null)
        return {
          kind: 'conflict',
          message:
            facts.status === 'IN_REVIEW' || facts.status === 'DRAFTING' || facts.status === 'RETURNED'
              ? 'the draft needs every reviewer’s paraf on its current version first'
              : `the draft is ${facts.status.toLowerCase()}`,
        };
      if (awaited !== held)
        return {
          kind: 'conflict',
          message: awaited === 'SEKDA' ? 'the Sekda signs first' : 'the draft awaits the Bupati',
        };
      return null;
    }
  }
}

/** The state after a sign-off decision of the office the draft waited for. */
export function afterSignOff(office: SignOffOffice, decision: SignOffDecision): PolicyStatus {
  if (decision === 'RETURNED') return 'RETURNED';
  return office === 'SEKDA' ? 'AWAITING_BUPATI' : 'SIGNED';
}

/**
 * How a review round stands: RETURNED as soon as one reviewer returned the version, INITIALLED once every
 * reviewer initialled it, OPEN otherwise.
 */
export function roundOutcome(
  reviewers: readonly string[],
  decisions: Readonly<Record<string, ParafDecision>>,
): 'OPEN' | 'INITIALLED' | 'RETURNED' {
  if (reviewers.some((r) => decisions[r] === 'RETURNED')) return 'RETURNED';
  return reviewers.every((r) => decisions[r] === 'INITIALLED') ? 'INITIALLED' : 'OPEN';
}

/** The review task's step key: version and reviewer OPD, e.g. `paraf-v2-setda-hukum`. */
export function parafStepKey(version: number, agencyCode: string): string {
  return `paraf-v${version}-${agencyCode.toLowerCase()}`;
}

/** The short human key of a draft: the first eight hex digits of its id. */
export function policyKeyOf(draftId: string): string {
  return draftId.replace(/-/g, '').slice(0, 8).toLowerCase();
}

/** The workflow id of a draft: readable, with its kind and key (issue #16), e.g. `policy-draft-perbup-1a2b3c4d`. */
export function policyDraftWorkflowId(kind: PolicyKind, key: string): string {
  return `policy-draft-${kind.toLowerCase().replace(/_/g, '-')}-${key}`;
}
