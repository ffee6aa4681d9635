/** The policy draft workflow's input, snapshot and messages (types shared with the API and the activities). */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Sla, WorkCalendar } from '@gotong/domain/calendar';
import type {
  ParafDecision,
  PolicyKind,
  PolicyStatus,
  SignOffDecision,
  SignOffOffice,
} from '@gotong/domain/policy';
import type { Actor } from '@gotong/domain/roles';
import type { EscalationPolicy } from '@gotong/domain/template';

export interface PolicyAgency {
  agencyId: string;
  agencyCode: string;
}

export interface PolicyDraftInput {
  draftId: string;
  /** The draft's project row: its review tasks are agency tasks of this project. */
  projectId: string;
  key: string;
  kind: PolicyKind;
  title: string;
  description: string | null;
  drafting: PolicyAgency;
  createdBy: Actor;
  /** Every reviewer OPD, the legal section among them (reviewersOf). */
  reviewers: PolicyAgency[];
  calendar: WorkCalendar;
  /** A reviewer's time for its paraf, and the ladder a stalled review climbs. */
  parafSla: Sla;
  escalation: EscalationPolicy;
  /** The Sekda's and the Bupati's time each before reminders and escalation. */
  signOffSla: Sla;
}

export interface PolicyDraftSnapshot {
  draftId: string;
  status: PolicyStatus;
  version: number;
  /** The current version's paraf per reviewer OPD id. */
  decisions: Record<string, ParafDecision>;
  /** Review tasks of the current version still open (their task ids). */
  openReviews: string[];
  /** While a sign-off waits: when it is due (ISO). */
  signOffDueAt: string | null;
}

export interface UploadVersionArgs {
  actor: Actor;
  versionId: string;
  /** The document: an attachment of a comment on the draft's project (the API checked it). */
  attachmentId: string;
  note: string | null;
}

export interface SignOffArgs {
  actor: Actor;
  signOffId: string;
  decision: SignOffDecision;
  note: string | null;
}

export interface WithdrawArgs {
  actor: Actor;
  reason: string;
}

export type { ParafDecision, SignOffOffice };

export const uploadVersionUpdate = defineUpdate<PolicyDraftSnapshot, [UploadVersionArgs]>(
  'uploadPolicyVersion',
);
export const signOffUpdate = defineUpdate<PolicyDraftSnapshot, [SignOffArgs]>('signOffPolicy');
export const withdrawPolicyUpdate = defineUpdate<PolicyDraftSnapshot, [WithdrawArgs]>('withdrawPolicy');
export const policySnapshotQuery = defineQuery<PolicyDraftSnapshot>('policySnapshot');
