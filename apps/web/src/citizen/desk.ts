/**
 * The desk screens' rules: who may act on a report (the handling OPD, the regency desk, ADMIN, as the API asks
 * libs/domain/src/citizen/rules.ts mayHandle), which triage actions a report still allows, the triage and answer
 * forms' checks (the domain's triageInputProblems, the API's own judgement) and the API's refusals placed by
 * field, and a joint project's parameters pre-filled from the report. Pure.
 */
import { deskAgencyCode } from '@gotong/domain/citizen/categories';
import {
  FINAL_REPORT_STATUSES,
  mayHandle,
  triageInputProblems,
  type CitizenReportStatus,
  type RejectionReason,
  type TriageInput,
} from '@gotong/domain/citizen/rules';
import type { Role } from '@gotong/domain/roles';
import type { TemplateParameter } from '@gotong/domain/template';
import { ApiError } from '../api/client';

export type TriageAction = TriageInput['action'];

/** Whether the signed-in user handles the report (the browser knows OPDs by code; the API decides by id). */
export function handles(
  user: { role: Role; agencyCode: string },
  report: { handlingAgency: { code: string } },
): boolean {
  return mayHandle(
    { role: user.role, agencyId: user.agencyCode },
    { handlingAgencyId: report.handlingAgency.code, deskAgencyId: deskAgencyCode() },
  );
}

/**
 * The triage actions a report allows: all four while it waits for its first decision (a project only when it has
 * none yet); once it is a joint project only a (final) answer; none when it is final.
 */
export function triageActions(report: {
  status: CitizenReportStatus;
  projectId: string | null;
}): TriageAction[] {
  if (FINAL_REPORT_STATUSES.includes(report.status)) return [];
  if (report.status === 'IN_PROGRESS') return ['answer'];
  return report.projectId ? ['answer', 'forward', 'reject'] : ['answer', 'project', 'forward', 'reject'];
}

export interface TriageDraft {
  action: TriageAction;
  /** The public answer (answer), or the optional public note of a project. */
  text: string;
  templateCode: string;
  title: string;
  parameters: Record<string, string>;
  agencyCode: string;
  reason: RejectionReason | '';
  /** Internal note of a forward or a rejection (never public). */
  note: string;
}

export const EMPTY_TRIAGE: TriageDraft = {
  action: 'answer',
  text: '',
  templateCode: '',
  title: '',
  parameters: {},
  agencyCode: '',
  reason: '',
  note: '',
};

/** The body of POST /citizen-reports/:id/triage for the chosen action (the other fields are left out). */
export function triageBody(draft: TriageDraft): TriageInput {
  switch (draft.action) {
    case 'answer':
      return { action: 'answer', text: draft.text.trim() };
    case 'project': {
      const parameters = Object.fromEntries(
        Object.entries(draft.parameters)
          .map(([key, value]) => [key, value.trim()] as const)
          .filter(([, value]) => value !== ''),
      );
      return {
        action: 'project',
        templateCode: draft.templateCode,
        title: draft.title.trim(),
        parameters,
        ...(draft.text.trim() ? { text: draft.text.trim() } : {}),
      };
    }
    case 'forward':
      return { action: 'forward', agencyCode: draft.agencyCode, note: draft.note.trim() };
    case 'reject':
      return { action: 'reject', reason: draft.reason as RejectionReason, note: draft.note.trim() };
  }
}

/** A problem by field path ("text", "note", "parameters.lokasi"): the rule's message as the domain words it. */
export type TriageProblems = Record<string, string>;

/** The API's and the domain's "field: message" texts as problems by field path. */
export function placeMessages(messages: readonly string[]): TriageProblems {
  const problems: TriageProblems = {};
  for (const message of messages) {
    for (const part of message.split('; ')) {
      const match = /^([A-Za-z]+(?:\.[A-Za-z0-9_-]+)?): (.*)$/s.exec(part.trim());
      const key = match ? match[1]! : '';
      problems[key] ??= match ? match[2]! : part.trim();
    }
  }
  return problems;
}

/** Everything the desk form refuses before sending: the domain's rule, plus the template's required parameters. */
export function triageProblems(
  draft: TriageDraft,
  parameters: readonly TemplateParameter[] = [],
): TriageProblems {
  const problems = placeMessages(triageInputProblems(triageBody(draft)));
  if (draft.action === 'project') {
    for (const parameter of parameters) {
      if (parameter.required && (draft.parameters[parameter.key] ?? '').trim() === '') {
        problems[`parameters.${parameter.key}`] ??= 'required';
      }
    }
  }
  return problems;
}

/** The API's 400 (names the field) or 409 (the report moved on meanwhile) as problems; '' is the whole form. */
export function refusalProblems(error: unknown): TriageProblems {
  if (!(error instanceof ApiError) || (error.status !== 400 && error.status !== 409)) return {};
  const body = error.body as { message?: unknown } | null;
  const raw = body?.message;
  const messages = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? [raw] : [];
  if (error.status === 409) return { '': messages.join(' ') };
  return placeMessages(messages);
}

/** The kecamatan of a desa: its kode wilayah without the last part (35.13.07.2001 → 35.13.07). */
export function kecamatanOf(desaCode: string): string {
  return desaCode.split('.').slice(0, 3).join('.');
}

/**
 * A joint project's parameters as far as the report answers them: the kecamatan and the desa of the report, and
 * its tracking number for a parameter that asks for the complaint's number (the road template's nomorAduan).
 */
export function parametersFromReport(
  parameters: readonly TemplateParameter[],
  report: { desaCode: string; trackingNumber: string },
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const parameter of parameters) {
    if (parameter.type === 'kecamatan') values[parameter.key] = kecamatanOf(report.desaCode);
    else if (parameter.type === 'desa') values[parameter.key] = report.desaCode;
    else if (parameter.type === 'text' && /aduan|lapor/i.test(parameter.key)) {
      values[parameter.key] = report.trackingNumber;
    }
  }
  return values;
}

/** "Jalan rusak — Desa X (LPR-…)": a project title the desk may keep or change. */
export function projectTitle(
  categoryLabel: string,
  report: { desaName: string; trackingNumber: string },
): string {
  return `${categoryLabel} — ${report.desaName} (${report.trackingNumber})`;
}
