import type { StoredSession } from '../auth/session';
import { ACTIVE_WITHIN_MS, REFRESH_BEFORE_MS, refreshDue } from './client';

describe('sliding session', () => {
  const now = Date.parse('2026-12-07T15:00:00+07:00');
  const session = (msLeft: number): StoredSession => ({
    token: 't',
    expiresAt: now + msLeft,
    user: {
      id: 'u',
      username: 'staff.dinkes',
      fullName: 'Staf',
      role: 'STAFF',
      agencyCode: 'DINKES',
      agencyName: 'Dinkes',
      mustChangePassword: false,
    },
  });

  it('refreshes a token within 30 minutes of its expiry while the user is active', () => {
    expect(refreshDue(session(REFRESH_BEFORE_MS), now, now - 60_000)).toBe(true);
    expect(refreshDue(session(60_000), now, now)).toBe(true);
    expect(refreshDue(session(REFRESH_BEFORE_MS + 1), now, now)).toBe(false);
  });

  it('lets an idle session expire', () => {
    expect(refreshDue(session(60_000), now, now - ACTIVE_WITHIN_MS - 1)).toBe(false);
  });
});
