/**
 * The policy drafting screens' calls (/policy-drafts, apps/api/src/policy) as react-query hooks and the
 * shapes they answer. The document of a version is a file attached to a comment on the draft's project.
 */
import { useQuery } from '@tanstack/react-query';
import { api, post } from '../api/client';
import type { Page } from '../api/types';
import { addComment, uploadAttachment } from '../comments/comments-api';

export type PolicyKind = 'PERBUP' | 'SK_BUPATI' | 'SE_BUPATI' | 'SOP';
export type PolicyStatus =
  'DRAFTING' | 'IN_REVIEW' | 'RETURNED' | 'AWAITING_SEKDA' | 'AWAITING_BUPATI' | 'SIGNED' | 'WITHDRAWN';
export type ParafDecision = 'INITIALLED' | 'RETURNED';
export type TimelineKind =
  | 'CREATED'
  | 'VERSION_UPLOADED'
  | 'INITIALLED'
  | 'REVIEW_RETURNED'
  | 'SIGNED_OFF'
  | 'SIGN_OFF_RETURNED'
  | 'SIGN_OFF_REMINDER'
  | 'SIGN_OFF_ESCALATED'
  | 'WITHDRAWN';

export const POLICY_KINDS: PolicyKind[] = ['PERBUP', 'SK_BUPATI', 'SE_BUPATI', 'SOP'];

interface AgencyRef {
  id: string;
  code: string;
  name: string;
}
interface UserRef {
  id: string;
  fullName: string;
  position: string | null;
}

export interface PolicyDraftSummary {
  id: string;
  key: string;
  kind: PolicyKind;
  title: string;
  status: PolicyStatus;
  currentVersion: number;
  projectId: string;
  createdAt: string;
  signedAt: string | null;
  draftingAgency: AgencyRef;
}

export interface PolicyParafView {
  taskId: string;
  version: number;
  decision: ParafDecision | null;
  comment: string | null;
  decidedAt: string | null;
  closedAt: string | null;
  agency: AgencyRef;
  byUser: UserRef | null;
}

export interface PolicyDraftDetail extends PolicyDraftSummary {
  description: string | null;
  createdBy: UserRef;
  reviewers: { agency: AgencyRef }[];
  versions: {
    number: number;
    note: string | null;
    uploadedAt: string;
    uploadedBy: UserRef;
    attachment: { id: string; fileName: string; mediaType: string; sizeBytes: number };
  }[];
  parafs: PolicyParafView[];
  signOffs: {
    version: number;
    office: 'SEKDA' | 'BUPATI';
    decision: 'SIGNED' | 'RETURNED';
    note: string | null;
    at: string;
    actingTitle: 'PLT' | 'PLH' | null;
    byUser: UserRef;
  }[];
  awaiting: 'SEKDA' | 'BUPATI' | null;
  legalSection: string;
  permissions: { uploadVersion: boolean; signOff: boolean; withdraw: boolean };
}

export interface PolicyTimelineEntry {
  at: string;
  kind: TimelineKind;
  version: number | null;
  agency: AgencyRef | null;
  user: UserRef | null;
  office: 'SEKDA' | 'BUPATI' | null;
  note: string | null;
}

export function useDrafts() {
  return useQuery({
    queryKey: ['policy-drafts'],
    queryFn: () => api<Page<PolicyDraftSummary>>('/policy-drafts?pageSize=100'),
  });
}

export function useDraft(id: string) {
  return useQuery({
    queryKey: ['policy-drafts', id],
    queryFn: () => api<PolicyDraftDetail>(`/policy-drafts/${id}`),
    // A round moves on as reviewers answer in their inboxes.
    refetchInterval: 5_000,
  });
}

export function useTimeline(id: string) {
  return useQuery({
    queryKey: ['policy-drafts', id, 'timeline'],
    queryFn: () => api<{ entries: PolicyTimelineEntry[] }>(`/policy-drafts/${id}/timeline`),
    refetchInterval: 5_000,
  });
}

/** A new version: the file on a comment of the draft's project, then the version naming it. */
export async function uploadVersion(
  draft: { id: string; projectId: string },
  number: number,
  file: File,
  note: string,
): Promise<void> {
  const comment = await addComment('projects', draft.projectId, `Versi ${number}: ${file.name}`);
  const attachment = await uploadAttachment(`/comments/${comment.id}/attachments`, file);
  await post(`/policy-drafts/${draft.id}/versions`, {
    attachmentId: attachment.id,
    ...(note.trim() !== '' ? { note: note.trim() } : {}),
  });
}

/** "31/12/2026 07.30" in WIB. */
export function formatDayTime(iso: string, lang: 'id' | 'en'): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Jakarta',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}${lang === 'id' ? '.' : ':'}${parts.minute} WIB`;
}
