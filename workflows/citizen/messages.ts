/** The citizen report workflow's input, Updates and query (workflows/citizen/citizen-report.workflow.ts). */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Sla, WorkCalendar } from '@gotong/domain/calendar';
import type { CitizenReportStatus, TriageInput } from '@gotong/domain/citizen/rules';
import type { Actor } from '@gotong/domain/roles';
import type { EscalationPolicy } from '@gotong/domain/template';
import type { ProjectInput } from '@gotong/contracts/project';

/** What the workflow knows of a report: never the reporter's personal data (that stays in Postgres). */
export interface CitizenReportInput {
  reportId: string;
  trackingNumber: string;
  category: string;
  handlingAgencyId: string;
  handlingAgencyCode: string;
  /** The regency complaint desk (DISKOMINFO): may act on every report. */
  deskAgencyId: string;
  receivedAt: string;
  firstResponseDueAt: string;
  sla: Sla;
  calendar: WorkCalendar;
  escalation: EscalationPolicy;
}

export interface TriageArgs {
  actor: Actor;
  input: TriageInput;
  /** For a forward: the target OPD as the API found it. */
  forwardTo?: { agencyId: string; agencyCode: string };
  /** For a project: the planned project the API built from the template (its rules already judged). */
  project?: ProjectInput;
}

export interface AnswerArgs {
  actor: Actor;
  text: string;
  final: boolean;
}

export interface CitizenReportSnapshot {
  reportId: string;
  status: CitizenReportStatus;
  handlingAgencyId: string;
  handlingAgencyCode: string;
  firstRespondedAt: string | null;
  escalationLevel: number;
  projectId: string | null;
}

export const triageReportUpdate = defineUpdate<CitizenReportSnapshot, [TriageArgs]>('triageReport');
export const answerReportUpdate = defineUpdate<CitizenReportSnapshot, [AnswerArgs]>('answerReport');
export const reportSnapshotQuery = defineQuery<CitizenReportSnapshot>('citizenReportSnapshot');

export const citizenReportWorkflowId = (trackingNumber: string): string => `citizen-report-${trackingNumber}`;
