import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { noteActivity, post, refreshIfDue, revokeToken, UNAUTHORIZED_EVENT } from '../api/client';
import type { LoginResult, SessionUser } from '../api/types';
import {
  clearSession,
  isSessionStorageEvent,
  loadSession,
  saveSession,
  SESSION_EVENT,
  type StoredSession,
} from './session';

interface AuthState {
  user: SessionUser | null;
  token: string | null;
  login: (username: string, password: string) => Promise<SessionUser>;
  /** Signs out: the token is revoked on the server and forgotten in every tab. */
  logout: () => void;
  /** Takes over a token the API issued (a password change returns one). */
  adopt: (result: LoginResult) => void;
}

const AuthContext = createContext<AuthState | null>(null);

/** How often the provider checks whether the token wants refreshing (or has expired). */
const CHECK_EVERY_MS = 60_000;

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [session, setSession] = useState<StoredSession | null>(() => loadSession());

  // Forget the session here (a 401, or another tab signed out): no call to the API.
  const forget = useCallback(() => {
    clearSession();
    setSession(null);
    queryClient.clear();
  }, [queryClient]);

  const logout = useCallback(() => {
    const token = loadSession()?.token;
    forget();
    if (token) void revokeToken(token);
  }, [forget]);

  // An expired or revoked token (a 401 from the API) signs the user out.
  useEffect(() => {
    window.addEventListener(UNAUTHORIZED_EVENT, forget);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, forget);
  }, [forget]);

  // The session is shared by the tabs (localStorage): follow a refresh, sign-in or sign-out in any of them.
  useEffect(() => {
    const follow = () => {
      const next = loadSession();
      setSession((current) => (current?.token === next?.token ? current : next));
      if (!next) queryClient.clear();
    };
    const onStorage = (event: StorageEvent) => {
      if (isSessionStorageEvent(event)) follow();
    };
    window.addEventListener(SESSION_EVENT, follow);
    window.addEventListener('storage', onStorage);
    return () => {
      window.removeEventListener(SESSION_EVENT, follow);
      window.removeEventListener('storage', onStorage);
    };
  }, [queryClient]);

  // Sliding session: someone working (clicks, typing — a long form too) keeps the session going; the token
  // is refreshed before it expires even when no API call happens meanwhile. An idle session ends on its own.
  useEffect(() => {
    const active = () => noteActivity();
    window.addEventListener('pointerdown', active, { passive: true });
    window.addEventListener('keydown', active, { passive: true });
    const timer = window.setInterval(() => {
      void refreshIfDue().then(() => {
        if (!loadSession()) setSession((current) => (current ? null : current));
      });
    }, CHECK_EVERY_MS);
    return () => {
      window.removeEventListener('pointerdown', active);
      window.removeEventListener('keydown', active);
      window.clearInterval(timer);
    };
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const result = await post<LoginResult>('/auth/login', { username, password });
    setSession(saveSession(result));
    return result.user;
  }, []);

  const adopt = useCallback((result: LoginResult) => setSession(saveSession(result)), []);

  const value = useMemo(
    () => ({ user: session?.user ?? null, token: session?.token ?? null, login, logout, adopt }),
    [session, login, logout, adopt],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}

/** The signed-in user; only inside pages behind RequireAuth. */
export function useUser(): SessionUser {
  const { user } = useAuth();
  if (!user) throw new Error('useUser without a signed-in user');
  return user;
}
