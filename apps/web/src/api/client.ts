import { loadSession } from '../auth/session';

/**
 * The one way the app talks to the API (same origin: the API serves the app under /app). Adds the bearer
 * token, sends and reads JSON, and turns an error answer into an ApiError that keeps the body (the 400s
 * name the fields). A 401 on a signed-in call ends the session.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
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
  method?: 'GET' | 'POST' | 'PUT';
  body?: unknown;
  signal?: AbortSignal;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, signal } = options;
  const response = await fetch(path, {
    method,
    signal,
    headers: {
      accept: 'application/json',
      ...authHeader(),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
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
    throw new ApiError(response.status, parsed);
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
