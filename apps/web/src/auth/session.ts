/** The signed-in session, kept in sessionStorage: it ends when the browser tab closes. */
import type { LoginResult, SessionUser } from '../api/types';

const KEY = 'gotong.session';

export interface StoredSession {
  token: string;
  user: SessionUser;
}

export function loadSession(): StoredSession | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<StoredSession>;
    return typeof parsed.token === 'string' && parsed.user
      ? { token: parsed.token, user: parsed.user }
      : null;
  } catch {
    return null;
  }
}

export function saveSession(result: LoginResult): StoredSession {
  const stored = { token: result.accessToken, user: result.user };
  sessionStorage.setItem(KEY, JSON.stringify(stored));
  return stored;
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}
