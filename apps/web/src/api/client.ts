import { loadSession, saveSession, type StoredSession } from '../auth/session';
import type { LoginResult } from './types';

/**
 * The one way the app talks to the API (same origin: the API serves the app under /app). Adds the bearer
 * token, sends and reads JSON, and turns an error answer into an ApiError that keeps the body (the 400s
 * name the fields). A 401 on a signed-in call ends the session. Before a call, a token within
 * REFRESH_BEFORE_MS of its expiry is swapped for a fresh one (POST /auth/refresh) if the user has been
 * active lately: a session slides on while someone works, and ends on its own when nobody does.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    /** Seconds to wait before asking again, from a 429's or 503's Retry-After header. */
    readonly retryAfter: number | null = null,
  ) {
    super(describe(status, body));
    this.name = 'ApiError';
  }

  /** Missing, or not the caller's to see: the app says the same for both. */
  get isNotAllowed(): boolean {
    return this.status === 403 || this.status === 404;
  }
}

function describe(status: number, body: unknown): string {
  if (typeof body === 'object' && body !== null && 'message' in body) {
    const message = body.message;
    if (Array.isArray(message)) return message.map(String).join('; ');
    if (typeof message === 'string') return message;
  }
  return `HTTP ${status}`;
}

/** The language the app shows (i18n sets <html lang>); Indonesian unless English was chosen. */
function appLanguage(): string {
  return typeof document !== 'undefined' && document.documentElement.lang === 'en' ? 'en' : 'id';
}

/** Dispatched on window when the API refuses the session's token; the AuthProvider signs out. */
export const UNAUTHORIZED_EVENT = 'gotong:unauthorized';

export function authHeader(): Record<string, string> {
  const token = loadSession()?.token;
  return token ? { authorization: `Bearer ${token}` } : {};
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  /** Names one submission, so that the API answers a repeat with the first result (see post). */
  idempotencyKey?: string;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, signal, idempotencyKey } = options;
  await refreshIfDue();
  const send = (token: string | undefined) =>
    fetch(path, {
      method,
      signal,
      headers: {
        accept: 'application/json',
        // The API words its 503s (database or workflow engine unavailable) in the app's language.
        'accept-language': appLanguage(),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  const sent = loadSession()?.token;
  let response = await send(sent);
  // Another tab refreshed the token (revoking the one sent) while this call was under way: ask again once.
  if (response.status === 401 && sent) {
    const current = loadSession()?.token;
    if (current && current !== sent) response = await send(current);
  }
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  if (!response.ok) {
    if (response.status === 401 && loadSession()) window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new ApiError(
      response.status,
      parsed,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
    );
  }
  return parsed as T;
}

/** Keys of submissions not yet answered, by a hash of path and body (a body may hold a password). */
const unansweredKeys = new Map<string, string>();

/**
 * A POST with an Idempotency-Key per submission. The same submission sent again while it has no answer (the
 * connection dropped, the server failed, the user pressed the button again) reuses its key, so a project,
 * incident or contribution is created or recorded once and the repeat gets the first answer. Once answered,
 * or refused (4xx: nothing was done), the next identical submission is a new one with a new key.
 */
export async function post<T>(path: string, body: unknown = {}): Promise<T> {
  const submission = hashOf(`${path}\n${JSON.stringify(body)}`);
  const key = unansweredKeys.get(submission) ?? newIdempotencyKey();
  unansweredKeys.set(submission, key);
  try {
    const answer = await api<T>(path, { method: 'POST', body, idempotencyKey: key });
    unansweredKeys.delete(submission);
    return answer;
  } catch (error) {
    if (error instanceof ApiError && error.status < 500) unansweredKeys.delete(submission);
    throw error;
  }
}

/** cyrb53: a 53-bit string hash, enough to tell one user's pending submissions apart. */
function hashOf(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** A random UUID; crypto.randomUUID needs a secure context, an office intranet on plain http is not one. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Builds "?a=1&b=x" from the given values, leaving out empty ones. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '' || value === false) continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Refresh a token this close to its expiry (it lasts 8 hours by default). */
export const REFRESH_BEFORE_MS = 30 * 60_000;
/** …but only if the user has clicked or typed within this long: an idle session is left to expire. */
export const ACTIVE_WITHIN_MS = 60 * 60_000;

let lastActivity = Date.now();

/** The AuthProvider calls this on the user's clicks and key presses. */
export function noteActivity(now = Date.now()): void {
  lastActivity = now;
}

/** Whether a session's token should be swapped for a fresh one now. */
export function refreshDue(session: StoredSession, now: number, lastActive: number): boolean {
  return session.expiresAt - now <= REFRESH_BEFORE_MS && now - lastActive <= ACTIVE_WITHIN_MS;
}

let refreshing: Promise<void> | null = null;

/**
 * Swaps a token near its expiry for a fresh one, once for all the calls waiting on it, and once across
 * tabs (they share the token in localStorage, and a refresh revokes the old token): the Web Locks API
 * serialises the tabs, and a tab that finds the token already refreshed by another leaves it.
 */
export function refreshIfDue(now = Date.now()): Promise<void> {
  const session = loadSession(now);
  if (!session || !refreshDue(session, now, lastActivity)) return Promise.resolve();
  refreshing ??= withRefreshLock(refreshStored).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function refreshStored(): Promise<void> {
  const session = loadSession();
  if (!session || !refreshDue(session, Date.now(), lastActivity)) return;
  try {
    const response = await fetch('/auth/refresh', {
      method: 'POST',
      headers: { accept: 'application/json', authorization: `Bearer ${session.token}` },
    });
    // A refused refresh (expired, revoked) is left to the next call's 401, which signs the user out.
    if (response.ok) saveSession((await response.json()) as LoginResult);
  } catch {
    // Offline: the next call tries again.
  }
}

function withRefreshLock(task: () => Promise<void>): Promise<void> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? locks.request('gotong.session.refresh', task) : task();
}

/** Revokes the token on the server (POST /auth/logout); failures do not matter, the tab forgets it anyway. */
export async function revokeToken(token: string): Promise<void> {
  await fetch('/auth/logout', { method: 'POST', headers: { authorization: `Bearer ${token}` } }).catch(
    () => undefined,
  );
}
