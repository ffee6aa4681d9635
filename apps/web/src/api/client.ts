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
    /** Seconds to wait before asking again, from a 429's Retry-After header. */
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

/** Dispatched on window when the API refuses the session's token; the AuthProvider signs out. */
export const UNAUTHORIZED_EVENT = 'gotong:unauthorized';

export function authHeader(): Record<string, string> {
  const token = loadSession()?.token;
  return token ? { authorization: `Bearer ${token}` } : {};
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH';
  body?: unknown;
  signal?: AbortSignal;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, signal } = options;
  await refreshIfDue();
  const send = (token: string | undefined) =>
    fetch(path, {
      method,
      signal,
      headers: {
        accept: 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
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

export const post = <T>(path: string, body: unknown = {}) => api<T>(path, { method: 'POST', body });

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
