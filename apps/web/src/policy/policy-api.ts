/**
 * The policy drafting screens' calls (/policy-drafts, apps/api/src/policy) as react-query hooks and the
 * shapes they answer: aliases of the generated `PolicyDrafts<Operation>Response` schemas like api/types.ts,
 * with the kinds, statuses and paraf decisions of libs/domain/src/policy. The document of a version is a
 * file attached to a comment on the draft's project.
 */
import { useQuery } from '@tanstack/react-query';
import type { ParafDecision, PolicyKind, PolicyStatus } from '@gotong/domain/policy';
import { api, post } from '../api/client';
import type { Schemas } from '../api/types';
import { addComment, uploadAttachment } from '../comments/comments-api';

export type { ParafDecision, PolicyKind, PolicyStatus };
/** What a timeline entry says happened (GET /policy-drafts/:id/timeline). */
export type TimelineKind = PolicyTimelineEntry['kind'];

export const POLICY_KINDS: PolicyKind[] = ['PERBUP', 'SK_BUPATI', 'SE_BUPATI', 'SOP'];

/** One row of GET /policy-drafts */
export type PolicyDraftSummary = Schemas['PolicyDraftsListResponse']['items'][number];

/** GET /policy-drafts/:id */
export type PolicyDraftDetail = Schemas['PolicyDraftsReadResponse'];
export type PolicyParafView = PolicyDraftDetail['parafs'][number];

/** GET /policy-drafts/:id/timeline */
export type PolicyTimelineEntry = Schemas['PolicyDraftsTimelineResponse']['entries'][number];

export function useDrafts() {
  return useQuery({
    queryKey: ['policy-drafts'],
    queryFn: () => api<Schemas['PolicyDraftsListResponse']>('/policy-drafts?pageSize=100'),
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
    queryFn: () => api<Schemas['PolicyDraftsTimelineResponse']>(`/policy-drafts/${id}/timeline`),
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
  const body: Schemas['UploadPolicyVersionDto'] = {
    attachmentId: attachment.id,
    ...(note.trim() !== '' ? { note: note.trim() } : {}),
  };
  await post(`/policy-drafts/${draft.id}/versions`, body);
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
