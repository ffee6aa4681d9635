/**
 * The rules of a citizen report, judged by one pure function each in the API (a 400/409 before anything
 * happens) and in citizenReportWorkflow's Update validators (the final word, on the workflow's own state).
 *
 *   RECEIVED ──triage answer / final answer──────────────→ ANSWERED (final)
 *      │  ──triage reject (spam, duplicate, out of scope)─→ REJECTED (final)
 *      │  ──triage forward to another OPD─→ RECEIVED (another OPD; the first-response clock keeps running)
 *      └──triage project (from a template)─→ IN_PROGRESS ──project completed──→ CLOSED (final public answer)
 *                                               └──final answer (e.g. project cancelled)──→ ANSWERED
 *
 * The first response is the first triage that is not a forward, or the first public answer.
 */
import type { Actor } from '../roles';

export const CITIZEN_REPORT_STATUSES = ['RECEIVED', 'IN_PROGRESS', 'ANSWERED', 'CLOSED', 'REJECTED'] as const;
export type CitizenReportStatus = (typeof CITIZEN_REPORT_STATUSES)[number];
export const FINAL_REPORT_STATUSES: readonly CitizenReportStatus[] = ['ANSWERED', 'CLOSED', 'REJECTED'];

export const REJECTION_REASONS = ['SPAM', 'DUPLICATE', 'OUT_OF_SCOPE'] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** What the public reads for a rejection: a fixed text per reason, never the desk's internal note. */
export const REJECTION_TEXT: Readonly<Record<RejectionReason, string>> = Object.freeze({
  SPAM: 'Laporan tidak dapat ditindaklanjuti karena tidak memuat pengaduan yang jelas.',
  DUPLICATE: 'Laporan ini sama dengan laporan lain yang sudah ditindaklanjuti.',
  OUT_OF_SCOPE: 'Laporan ini bukan kewenangan Pemerintah Kabupaten Probolinggo.',
});

/** The final public answer published when the joint project from a report is completed. */
export const PROJECT_DONE_TEXT =
  'Laporan Anda telah selesai ditindaklanjuti melalui pekerjaan bersama OPD terkait.';

export const DESCRIPTION_MIN = 20;
export const DESCRIPTION_MAX = 4000;
export const ANSWER_MAX = 4000;
export const NOTE_MAX = 2000;
export const REPORTER_FIELD_MAX = 120;
export const TITLE_MAX = 200;

export type TriageInput =
  | { action: 'answer'; text: string }
  | {
      action: 'project';
      templateCode: string;
      title: string;
      parameters: Record<string, string>;
      text?: string;
    }
  | { action: 'forward'; agencyCode: string; note: string }
  | { action: 'reject'; reason: RejectionReason; note: string };

export interface AnswerInput {
  text: string;
  final: boolean;
}

/** What a refusal is: bad input (400) or a report in a state that does not allow it (409), or not theirs (403). */
export interface ReportRefusal {
  kind: 'INVALID' | 'NOT_OPEN' | 'FORBIDDEN';
  message: string;
}

/** The state a triage or answer is judged against. */
export interface ReportFacts {
  status: CitizenReportStatus;
  handlingAgencyCode: string;
  handlingAgencyId: string;
  deskAgencyId: string;
}

const isText = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.trim() !== '' && value.length <= max;

function textProblem(field: string, value: unknown, max: number): string | null {
  if (typeof value !== 'string' || value.trim() === '') return `${field}: required`;
  if (value.length > max) return `${field}: at most ${max} characters`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value)) return `${field}: control characters`;
  return null;
}

/**
 * The roles of an OPD that handle complaints: its staff, its Kepala and its lead. Not its WALIDATA: the data
 * custodian of data satu pintu sits in DISKOMINFO, the desk's OPD, but has no business with a reporter's
 * personal data.
 */
export const HANDLING_ROLES: ReadonlySet<Actor['role']> = new Set(['STAFF', 'AGENCY_HEAD', 'LEAD']);

/** Who may act on a report: the handling OPD, the regency desk, ADMIN. (Leadership reads only.) */
export function mayHandle(
  actor: Pick<Actor, 'agencyId' | 'role'>,
  facts: Pick<ReportFacts, 'handlingAgencyId' | 'deskAgencyId'>,
): boolean {
  return (
    actor.role === 'ADMIN' ||
    (HANDLING_ROLES.has(actor.role) &&
      (actor.agencyId === facts.handlingAgencyId || actor.agencyId === facts.deskAgencyId))
  );
}

/** Problems with a triage input, each naming its field; empty when it is well formed. */
export function triageInputProblems(input: unknown): string[] {
  if (typeof input !== 'object' || input === null) return ['action: required'];
  const body = input as Record<string, unknown>;
  const problems: (string | null)[] = [];
  switch (body['action']) {
    case 'answer':
      problems.push(textProblem('text', body['text'], ANSWER_MAX));
      break;
    case 'project': {
      problems.push(textProblem('templateCode', body['templateCode'], 100));
      problems.push(textProblem('title', body['title'], TITLE_MAX));
      const params = body['parameters'];
      if (typeof params !== 'object' || params === null || Array.isArray(params)) {
        problems.push('parameters: must be an object of text values');
      } else {
        for (const [key, value] of Object.entries(params)) {
          if (typeof value !== 'string' || value.length > 500) {
            problems.push(`parameters.${key}: must be text of at most 500 characters`);
          }
        }
      }
      if (body['text'] !== undefined) problems.push(textProblem('text', body['text'], ANSWER_MAX));
      break;
    }
    case 'forward':
      if (!isText(body['agencyCode'], 50)) problems.push('agencyCode: required');
      problems.push(textProblem('note', body['note'], NOTE_MAX));
      break;
    case 'reject':
      if (!REJECTION_REASONS.includes(body['reason'] as RejectionReason)) {
        problems.push(`reason: one of ${REJECTION_REASONS.join(', ')}`);
      }
      problems.push(textProblem('note', body['note'], NOTE_MAX));
      break;
    default:
      problems.push('action: one of answer, project, forward, reject');
  }
  return problems.filter((p): p is string => p !== null);
}

/**
 * The one judgement of a triage: who (the handling OPD, the desk or ADMIN), on which state (a report that is
 * not final; a project only from RECEIVED), and the input. `targetAgencyCode` is the forward's target, checked
 * by the caller to exist.
 */
export function triageRefusal(actor: Actor, facts: ReportFacts, input: unknown): ReportRefusal | null {
  if (!mayHandle(actor, facts)) {
    return {
      kind: 'FORBIDDEN',
      message: 'only the handling OPD or the complaint desk may triage this report',
    };
  }
  const problems = triageInputProblems(input);
  if (problems.length > 0) return { kind: 'INVALID', message: problems.join('; ') };
  const triage = input as TriageInput;
  if (FINAL_REPORT_STATUSES.includes(facts.status)) {
    return { kind: 'NOT_OPEN', message: `the report is already ${facts.status.toLowerCase()}` };
  }
  if (facts.status === 'IN_PROGRESS' && triage.action !== 'answer') {
    return { kind: 'NOT_OPEN', message: 'the report is already being handled as a joint project' };
  }
  if (triage.action === 'forward' && triage.agencyCode === facts.handlingAgencyCode) {
    return { kind: 'INVALID', message: 'agencyCode: the report is already with this OPD' };
  }
  return null;
}

/** The judgement of a public answer (a progress note, or final). */
export function answerRefusal(actor: Actor, facts: ReportFacts, input: unknown): ReportRefusal | null {
  if (!mayHandle(actor, facts)) {
    return {
      kind: 'FORBIDDEN',
      message: 'only the handling OPD or the complaint desk may answer this report',
    };
  }
  const body = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const problem = textProblem('text', body['text'], ANSWER_MAX);
  if (problem) return { kind: 'INVALID', message: problem };
  if (body['final'] !== undefined && typeof body['final'] !== 'boolean') {
    return { kind: 'INVALID', message: 'final: must be true or false' };
  }
  if (FINAL_REPORT_STATUSES.includes(facts.status)) {
    return { kind: 'NOT_OPEN', message: `the report is already ${facts.status.toLowerCase()}` };
  }
  return null;
}

/** The status after a triage. */
export function statusAfterTriage(input: TriageInput): CitizenReportStatus {
  switch (input.action) {
    case 'answer':
      return 'ANSWERED';
    case 'project':
      return 'IN_PROGRESS';
    case 'forward':
      return 'RECEIVED';
    case 'reject':
      return 'REJECTED';
  }
}

/** Whether a triage is a first response (a forward only moves the report). */
export const isResponse = (input: TriageInput): boolean => input.action !== 'forward';

/** Problems with a public filing, each naming its field (category and desa are checked against data by the API). */
export function filingProblems(input: {
  description?: unknown;
  reporterName?: unknown;
  reporterContact?: unknown;
}): string[] {
  const problems: string[] = [];
  const description = input.description;
  if (typeof description !== 'string' || description.trim() === '') problems.push('description: required');
  else if (description.trim().length < DESCRIPTION_MIN)
    problems.push(`description: at least ${DESCRIPTION_MIN} characters`);
  else if (description.length > DESCRIPTION_MAX)
    problems.push(`description: at most ${DESCRIPTION_MAX} characters`);
  for (const field of ['reporterName', 'reporterContact'] as const) {
    const value = input[field];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string' || value.length > REPORTER_FIELD_MAX)
      problems.push(`${field}: at most ${REPORTER_FIELD_MAX} characters`);
  }
  return problems;
}

export type FirstResponseJudgement = 'ON_TIME' | 'LATE' | 'OPEN_OVERDUE';

/**
 * A report's first response against its SLA, as the scorecard judges a task (../scorecard.ts judgeTask):
 * answered by the deadline ON_TIME, after it LATE, not yet and past it OPEN_OVERDUE, not yet and within it null.
 */
export function judgeFirstResponse(
  report: { firstResponseDueAt: Date; firstRespondedAt: Date | null },
  now: Date,
): FirstResponseJudgement | null {
  if (report.firstRespondedAt) {
    return report.firstRespondedAt.getTime() <= report.firstResponseDueAt.getTime() ? 'ON_TIME' : 'LATE';
  }
  return now.getTime() > report.firstResponseDueAt.getTime() ? 'OPEN_OVERDUE' : null;
}
