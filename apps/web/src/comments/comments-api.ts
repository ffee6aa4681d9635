import { ApiError, api, authHeader, post, UNAUTHORIZED_EVENT } from '../api/client';

/** What a comment or an attachment is on, as the API's paths name it. */
export type CommentSubject = 'tasks' | 'projects' | 'incidents';

export interface AttachmentView {
  id: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  hasThumbnail: boolean;
  createdAt: string;
  uploadedBy?: { id: string; fullName: string };
}

export interface CommentView {
  id: string;
  body: string;
  createdAt: string;
  author: { id: string; fullName: string };
  agency: { code: string; name: string };
  mentions: { code: string; name: string }[];
  attachments: AttachmentView[];
}

/** The API's limits (apps/api: ATTACHMENT_MAX_BYTES by default, the allowed types). Checked again there. */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const ATTACHMENT_ACCEPT =
  '.jpg,.jpeg,.png,.webp,.pdf,.xlsx,.csv,.docx,image/jpeg,image/png,image/webp,application/pdf,text/csv';
const ALLOWED_EXTENSIONS = /\.(jpe?g|png|webp|pdf|xlsx|csv|docx)$/i;

/** Why a file is refused before it is sent (the API judges the content; this only spares a useless upload). */
export function fileProblem(file: File): 'tooLarge' | 'typeNotAllowed' | null {
  if (file.size > ATTACHMENT_MAX_BYTES) return 'tooLarge';
  if (!ALLOWED_EXTENSIONS.test(file.name)) return 'typeNotAllowed';
  return null;
}

export const commentsPath = (subject: CommentSubject, id: string) => `/${subject}/${id}/comments`;

export function listComments(subject: CommentSubject, id: string): Promise<CommentView[]> {
  return api<CommentView[]>(commentsPath(subject, id));
}

export function addComment(subject: CommentSubject, id: string, body: string): Promise<CommentView> {
  return post<CommentView>(commentsPath(subject, id), { body });
}

/** Uploads one file (multipart, field "file") to a comment or a contribution. */
export async function uploadAttachment(path: string, file: File): Promise<AttachmentView> {
  const form = new FormData();
  form.append('file', file, file.name);
  const response = await fetch(path, { method: 'POST', headers: authHeader(), body: form });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  if (!response.ok) {
    if (response.status === 401) window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
    throw new ApiError(response.status, parsed);
  }
  return parsed as AttachmentView;
}

async function fetchBlob(path: string): Promise<Blob> {
  const response = await fetch(path, { headers: authHeader() });
  if (!response.ok) throw new ApiError(response.status, await response.text());
  return response.blob();
}

/**
 * A thumbnail as a data: URL: an <img> cannot send the bearer token, and the app's content security policy
 * allows images from the app itself and data: URLs only.
 */
export async function thumbnailDataUrl(attachmentId: string): Promise<string> {
  const blob = await fetchBlob(`/attachments/${attachmentId}/thumbnail`);
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('cannot read the thumbnail'));
    reader.readAsDataURL(blob);
  });
}

/** Downloads the file with the bearer token (a plain link would carry none) under its own name. */
export async function downloadAttachment(attachment: AttachmentView): Promise<void> {
  const url = URL.createObjectURL(await fetchBlob(`/attachments/${attachment.id}/content`));
  const link = document.createElement('a');
  link.href = url;
  link.download = attachment.fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "1,2 MB", "340 KB" in the reader's language. */
export function formatSize(bytes: number, lang: 'id' | 'en'): string {
  const locale = lang === 'id' ? 'id-ID' : 'en-GB';
  if (bytes >= 1024 * 1024) {
    return `${(bytes / (1024 * 1024)).toLocaleString(locale, { maximumFractionDigits: 1 })} MB`;
  }
  return `${Math.max(1, Math.round(bytes / 1024)).toLocaleString(locale)} KB`;
}

/** A refusal of a comment or an upload the app words itself (the API's text is English). */
export type CommentProblem =
  | { kind: 'mentionNotParty'; code: string }
  | { kind: 'mentionUnknown'; code: string }
  | { kind: 'fileTooLarge' }
  | { kind: 'fileTypeNotAllowed' };

/** The refusals of POST …/comments and of uploads the app knows (400 mentions, 413, 415); [] for others. */
export function commentProblems(error: unknown): CommentProblem[] {
  if (!(error instanceof ApiError)) return [];
  if (error.status === 413) return [{ kind: 'fileTooLarge' }];
  if (error.status === 415) return [{ kind: 'fileTypeNotAllowed' }];
  if (error.status !== 400) return [];
  const body = error.body as { message?: unknown } | null;
  const messages = Array.isArray(body?.message) ? body.message.map(String) : [];
  const problems: CommentProblem[] = [];
  for (const message of messages) {
    const party = /^mentions: @(\S+) cannot see /.exec(message);
    const unknown = /^mentions: @(\S+) is not an active OPD code/.exec(message);
    if (party?.[1]) problems.push({ kind: 'mentionNotParty', code: party[1] });
    else if (unknown?.[1]) problems.push({ kind: 'mentionUnknown', code: unknown[1] });
    else return [];
  }
  return problems;
}
