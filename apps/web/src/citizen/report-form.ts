/**
 * The public report form's rules as the browser applies them before anything is sent, and the API's refusals
 * placed next to the field they name. The rules are the domain's (libs/domain/src/citizen: filingProblems, the
 * photo limit, the challenge answer), so the page refuses exactly what the API would. Pure.
 */
import { PHOTO_MAX_BYTES, PHOTO_TYPES } from '@gotong/domain/citizen/categories';
import { parseChallengeAnswer } from '@gotong/domain/citizen/challenge';
import {
  DESCRIPTION_MAX,
  DESCRIPTION_MIN,
  filingProblems,
  REPORTER_FIELD_MAX,
} from '@gotong/domain/citizen/rules';
import { villageRefusalWithin } from '@gotong/domain/region';
import { ApiError } from '../api/client';

export { DESCRIPTION_MAX, DESCRIPTION_MIN, PHOTO_MAX_BYTES, REPORTER_FIELD_MAX };

/** What the citizen has typed and chosen so far. */
export interface ReportDraft {
  category: string;
  kecamatan: string;
  desaCode: string;
  description: string;
  reporterName: string;
  reporterContact: string;
  challengeAnswer: string;
  photo: { name: string; size: number; type: string } | null;
}

export const EMPTY_DRAFT: ReportDraft = {
  category: '',
  kecamatan: '',
  desaCode: '',
  description: '',
  reporterName: '',
  reporterContact: '',
  challengeAnswer: '',
  photo: null,
};

export type ReportField =
  | 'category'
  | 'kecamatan'
  | 'desaCode'
  | 'description'
  | 'reporterName'
  | 'reporterContact'
  | 'challengeAnswer'
  | 'photo';

/** A problem the page words itself (texts.ts `problems`), or the API's own text when it is not one of these. */
export type ReportProblem =
  | { code: 'required' }
  | { code: 'tooShort'; min: number }
  | { code: 'tooLong'; max: number }
  | { code: 'desaUnknown' }
  | { code: 'answerDigits' }
  | { code: 'answerWrong' }
  | { code: 'challengeExpired' }
  | { code: 'photoTooLarge'; maxMb: number }
  | { code: 'photoType' }
  | { code: 'other'; text: string };

export type ReportProblems = Partial<Record<ReportField, ReportProblem>>;

const MB = 1024 * 1024;

/** Why a chosen photo cannot be sent: larger than the API takes, or not a JPEG, PNG or WebP. */
export function photoProblem(photo: { size: number; type: string }): ReportProblem | null {
  if (photo.size > PHOTO_MAX_BYTES) return { code: 'photoTooLarge', maxMb: PHOTO_MAX_BYTES / MB };
  if (!PHOTO_TYPES.includes(photo.type)) return { code: 'photoType' };
  return null;
}

/** The domain's message for a field ("description: at least 20 characters") as the page's problem. */
function fromDomainMessage(message: string): [ReportField, ReportProblem] | null {
  const match = /^([A-Za-z]+): (.*)$/s.exec(message);
  if (!match) return null;
  const field = FIELD_OF[match[1]!];
  if (!field) return null;
  return [field, problemOf(field, match[2]!)];
}

/** The API's field names, as the form's fields (a challenge problem shows at the answer). */
const FIELD_OF: Record<string, ReportField | undefined> = {
  category: 'category',
  desaCode: 'desaCode',
  description: 'description',
  reporterName: 'reporterName',
  reporterContact: 'reporterContact',
  challengeAnswer: 'challengeAnswer',
  challengeToken: 'challengeAnswer',
  photo: 'photo',
};

function problemOf(field: ReportField, text: string): ReportProblem {
  const min = /at least (\d+) characters/.exec(text);
  if (min) return { code: 'tooShort', min: Number(min[1]) };
  const max = /at most (\d+) characters/.exec(text);
  if (max) return { code: 'tooLong', max: Number(max[1]) };
  if (/^required$/i.test(text.trim())) return { code: 'required' };
  if (field === 'challengeAnswer') {
    if (/wrong/i.test(text)) return { code: 'answerWrong' };
    if (/expired|used|malformed|invalid|unknown/i.test(text)) return { code: 'challengeExpired' };
  }
  if (field === 'photo') {
    if (/larger|too large|size/i.test(text)) return { code: 'photoTooLarge', maxMb: PHOTO_MAX_BYTES / MB };
    if (/JPEG|PNG|WebP|type/i.test(text)) return { code: 'photoType' };
  }
  if (field === 'desaCode' && /unknown|not a/i.test(text)) return { code: 'desaUnknown' };
  return { code: 'other', text };
}

/** Everything the page refuses before sending; empty when the draft may go. */
export function draftProblems(draft: ReportDraft): ReportProblems {
  const problems: ReportProblems = {};
  if (draft.category === '') problems.category = { code: 'required' };
  if (draft.kecamatan === '') problems.kecamatan = { code: 'required' };
  if (draft.desaCode === '') problems.desaCode = { code: 'required' };
  else if (draft.kecamatan !== '' && villageRefusalWithin(draft.desaCode, [draft.kecamatan]) !== null) {
    problems.desaCode = { code: 'desaUnknown' };
  }
  for (const message of filingProblems({
    description: draft.description,
    reporterName: draft.reporterName,
    reporterContact: draft.reporterContact,
  })) {
    const placed = fromDomainMessage(message);
    if (placed && !problems[placed[0]]) problems[placed[0]] = placed[1];
  }
  if (draft.challengeAnswer.trim() === '') problems.challengeAnswer = { code: 'required' };
  else if (parseChallengeAnswer(draft.challengeAnswer) === null)
    problems.challengeAnswer = { code: 'answerDigits' };
  if (draft.photo) {
    const problem = photoProblem(draft.photo);
    if (problem) problems.photo = problem;
  }
  return problems;
}

export function hasProblems(problems: ReportProblems): boolean {
  return Object.keys(problems).length > 0;
}

/** The multipart body of POST /public/reports: empty optional fields are left out. */
export function reportFormData(draft: ReportDraft, challengeToken: string, photo: Blob | null): FormData {
  const form = new FormData();
  form.append('category', draft.category);
  form.append('desaCode', draft.desaCode);
  form.append('description', draft.description.trim());
  if (draft.reporterName.trim()) form.append('reporterName', draft.reporterName.trim());
  if (draft.reporterContact.trim()) form.append('reporterContact', draft.reporterContact.trim());
  form.append('challengeToken', challengeToken);
  form.append('challengeAnswer', draft.challengeAnswer.trim());
  if (photo && draft.photo) form.append('photo', photo, draft.photo.name);
  return form;
}

function messagesOf(body: unknown): string[] {
  if (typeof body !== 'object' || body === null || !('message' in body)) return [];
  const message = body.message;
  if (Array.isArray(message)) return message.map(String);
  return typeof message === 'string' ? [message] : [];
}

/**
 * The API's refusal of a filing, by field (400 names the field first, 413 and 415 are about the photo). What
 * names no field of the form stays with the error notice above the button.
 */
export function serverProblems(error: unknown): ReportProblems {
  if (!(error instanceof ApiError)) return {};
  const problems: ReportProblems = {};
  if (error.status === 413) problems.photo = { code: 'photoTooLarge', maxMb: PHOTO_MAX_BYTES / MB };
  if (error.status === 415) problems.photo = { code: 'photoType' };
  if (error.status !== 400 && error.status !== 413 && error.status !== 415) return problems;
  for (const message of messagesOf(error.body)) {
    for (const part of message.split('; ')) {
      const placed = fromDomainMessage(part);
      if (placed && !problems[placed[0]]) problems[placed[0]] = placed[1];
    }
  }
  return problems;
}

/** The order the form's fields appear in: the first problem is where the focus goes. */
export const FIELD_ORDER: readonly ReportField[] = [
  'category',
  'kecamatan',
  'desaCode',
  'description',
  'photo',
  'reporterName',
  'reporterContact',
  'challengeAnswer',
];

export function firstProblemField(problems: ReportProblems): ReportField | null {
  return FIELD_ORDER.find((field) => problems[field] !== undefined) ?? null;
}
