/**
 * Acting officials in the web app (Plt./Plh., libs/domain/src/acting.ts): the signed-in user's appointments
 * in force, and the actors they may act as (themself, and the post they stand in for), so that menus and
 * forms offer what the API would allow.
 */
import { useQuery } from '@tanstack/react-query';
import type { ActingPostKind, ActingTitle } from '@gotong/domain/acting';
import type { Role } from '@gotong/domain/roles';
import { api } from '../api/client';
import { useAuth } from '../auth/AuthProvider';
import type { Lang } from '../format/datetime';

/** GET /acting-appointments: one appointment as the API answers it. */
export interface ActingAppointment {
  id: string;
  postKind: ActingPostKind;
  title: ActingTitle;
  startsOn: string;
  endsOn: string;
  reason: string;
  createdAt: string;
  endedAt: string | null;
  agency: { id: string; code: string; name: string } | null;
  actingUser: { id: string; username: string; fullName: string; position: string | null };
  appointedBy: { id: string; fullName: string };
  endedBy: { id: string; fullName: string } | null;
  postName: string;
  label: string;
  inForce: boolean;
}

export interface ActingCandidate {
  id: string;
  username: string;
  fullName: string;
  position: string | null;
}

/**
 * The Plt./Plh. page: those who appoint (an admin any post, a Kepala OPD their own, the Bupati the Sekda's;
 * permissions appointsActing) and leadership, who read every appointment. The form itself shows only when the
 * API offers candidates for the post, i.e. when the caller may appoint to it.
 */
export function seesActingPage(role: Role): boolean {
  return role === 'ADMIN' || role === 'AGENCY_HEAD' || role === 'LEADERSHIP';
}

/** The signed-in user's appointments in force now (none when signed out). */
export function useMyActing(): ActingAppointment[] {
  const { user } = useAuth();
  const query = useQuery({
    queryKey: ['acting', 'mine', user?.id],
    queryFn: () => api<ActingAppointment[]>('/acting-appointments?mine=true&status=current'),
    enabled: Boolean(user) && user?.mustChangePassword !== true,
    staleTime: 60_000,
  });
  return query.data ?? [];
}

/** Whom the user may act as: themself and, per appointment in force, the post's holder (by OPD code). */
export function actorsOf(
  user: { role: Role; agencyCode: string },
  acting: readonly ActingAppointment[],
): { role: Role; agencyCode: string }[] {
  return [
    user,
    ...acting.map((a) =>
      a.postKind === 'AGENCY_HEAD' && a.agency
        ? { role: 'AGENCY_HEAD' as const, agencyCode: a.agency.code }
        : { role: 'LEADERSHIP' as const, agencyCode: user.agencyCode },
    ),
  ];
}

/** "13 Des 2026" / "13 Dec 2026" for a date (YYYY-MM-DD, already a Jakarta date). */
export function formatActingDate(date: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'id' ? 'id-ID' : 'en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));
}
