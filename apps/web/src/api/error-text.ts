/**
 * What went wrong with a call, as the app tells it in the user's language: a kind (network failure, each
 * HTTP status people meet) that the i18n catalogue words (`errors.<kind>`), and the API's own details
 * (the 400s name the field, the 409s the rule), which the app translates where it knows them. Pure.
 */
import { ApiError } from './client';

export type ErrorKind =
  | 'network'
  | 'badRequest'
  | 'unauthorized'
  | 'forbidden'
  | 'notFound'
  | 'conflict'
  | 'tooLarge'
  | 'tooMany'
  | 'unavailable'
  | 'server'
  | 'unknown';

export interface ErrorDescription {
  kind: ErrorKind;
  /** The API's messages (English unless it words them in the app's language, as for its 503s). */
  details: string[];
  /** Seconds to wait before trying again (429, 503), if the API said. */
  retryAfter: number | null;
}

function kindOf(status: number): ErrorKind {
  if (status === 400 || status === 422) return 'badRequest';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'notFound';
  if (status === 409 || status === 412) return 'conflict';
  if (status === 413) return 'tooLarge';
  if (status === 429) return 'tooMany';
  if (status === 502 || status === 503 || status === 504) return 'unavailable';
  if (status >= 500) return 'server';
  return 'unknown';
}

/** The `message` of an error body: a string or a list of them; nothing for a body without one. */
function messagesOf(body: unknown): string[] {
  if (typeof body !== 'object' || body === null || !('message' in body)) return [];
  const message = body.message;
  if (Array.isArray(message)) return message.map(String).filter((m) => m.trim() !== '');
  return typeof message === 'string' && message.trim() !== '' ? [message] : [];
}

/** Status words the framework puts in `message` when the API said nothing more (e.g. "Forbidden"). */
const GENERIC =
  /^(HTTP \d{3}|Bad Request|Unauthorized|Forbidden|Not Found|Conflict|Too Many Requests|Internal Server Error|Service Unavailable|ThrottlerException: Too Many Requests)$/i;

export function describeError(error: unknown): ErrorDescription {
  if (error instanceof ApiError) {
    const kind = kindOf(error.status);
    // A 500's text is the server's business; the person gets the kind and may try again.
    const details = kind === 'server' ? [] : messagesOf(error.body).filter((m) => !GENERIC.test(m.trim()));
    return { kind, details, retryAfter: error.retryAfter };
  }
  // fetch rejects with a TypeError when the network or the server is unreachable.
  if (error instanceof TypeError) return { kind: 'network', details: [], retryAfter: null };
  return { kind: 'unknown', details: [], retryAfter: null };
}
