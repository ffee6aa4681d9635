/**
 * The signed-in session, kept in localStorage: shared by every tab of the app, so a notification link
 * opened in a new tab is signed in too, and signing out (or a refreshed token) reaches every tab.
 * A session past its token's expiry is not loaded (the user signs in again).
 */
import type { LoginResult, SessionUser } from '../api/types';

const KEY = 'gotong.session';
/** Dispatched on window when this tab saves or clears the session (other tabs get a `storage` event). */
export const SESSION_EVENT = 'gotong:session';

export interface StoredSession {
  token: string;
  /** When the token expires, ms since the epoch. */
  expiresAt: number;
  user: SessionUser;
}

export function loadSession(now = Date.now()): StoredSession | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<StoredSession>;
    if (typeof parsed.token !== 'string' || !parsed.user || typeof parsed.expiresAt !== 'number') return null;
    if (parsed.expiresAt <= now) return null;
    return { token: parsed.token, expiresAt: parsed.expiresAt, user: parsed.user };
  } catch {
    return null;
  }
}

export function saveSession(result: LoginResult, now = Date.now()): StoredSession {
  const stored: StoredSession = {
    token: result.accessToken,
    expiresAt: sessionExpiry(result, now),
    user: result.user,
  };
  localStorage.setItem(KEY, JSON.stringify(stored));
  window.dispatchEvent(new Event(SESSION_EVENT));
  return stored;
}

export function clearSession(): void {
  localStorage.removeItem(KEY);
  window.dispatchEvent(new Event(SESSION_EVENT));
}

/** Whether a `storage` event is about the session (changed in another tab). */
export function isSessionStorageEvent(event: StorageEvent): boolean {
  return event.key === KEY || event.key === null;
}

/**
 * When a login or refresh result expires, by this browser's clock: from `expiresIn`, so a PC whose clock
 * is off does not matter.
 */
export function sessionExpiry(result: Pick<LoginResult, 'expiresIn'>, now = Date.now()): number {
  return now + result.expiresIn * 1000;
}
