/**
 * Acting officials (Plt. / Plh.): the powers of a post (a Kepala OPD, or the Sekda) delegated to another
 * user for a range of dates (docs/domain.md, "Acting officials"). Pure: the API decides with it who acts as
 * whom, the notifier whom to tell, the web app what banner to show.
 *
 * Dates are calendar dates in Asia/Jakarta (WIB, UTC+7 all year: Indonesia keeps no daylight saving), both
 * ends inclusive: an appointment "7 to 13 December" is in force from 00:00 WIB on the 7th to 24:00 WIB on the
 * 13th, unless it was ended early.
 */
import { DateTime } from 'luxon';
import type { Actor, Role } from './roles';

/** Pelaksana Tugas (the post is vacant or its holder is away for long) / Pelaksana Harian (away for days). */
export const ACTING_TITLES = ['PLT', 'PLH'] as const;
export type ActingTitle = (typeof ACTING_TITLES)[number];

/** How the title is written in Bahasa Indonesia, before the post: "Plt. Kepala Dinas Kesehatan". */
export const ACTING_TITLE_TEXT: Readonly<Record<ActingTitle, string>> = { PLT: 'Plt.', PLH: 'Plh.' };

/** The posts whose powers may be delegated. */
export const ACTING_POSTS = ['AGENCY_HEAD', 'SEKDA'] as const;
export type ActingPostKind = (typeof ACTING_POSTS)[number];
export type ActingPost = { kind: 'AGENCY_HEAD'; agencyId: string } | { kind: 'SEKDA' };

/**
 * The longest single appointment, in days (both ends counted). Surat Edaran Kepala BKN No. 1/SE/I/2021: a
 * Plt. or Plh. serves at most three months, extendable once by at most three months; here an extension is a
 * second appointment that starts the day after the first ends.
 */
export const MAX_ACTING_DAYS = 92;

/** What an actor carries when they act with the powers of a post (the audit and the timeline say so). */
export interface ActingAs {
  title: ActingTitle;
  /** The post, e.g. "Kepala Dinas Kesehatan", "Sekretaris Daerah". */
  post: string;
}

export interface ActingAppointmentFacts {
  post: ActingPost;
  title: ActingTitle;
  actingUserId: string;
  /** YYYY-MM-DD, Asia/Jakarta, inclusive. */
  startsOn: string;
  /** YYYY-MM-DD, Asia/Jakarta, inclusive. */
  endsOn: string;
  /** When it was ended early (epoch ms), or null. */
  endedAtMs: number | null;
}

const ZONE = 'Asia/Jakarta';

/** The calendar day of a YYYY-MM-DD date in Jakarta (invalid for anything else, e.g. 2026-02-30). */
function jakartaDay(date: string): DateTime {
  return DateTime.fromFormat(date, 'yyyy-MM-dd', { zone: ZONE });
}

/** The Jakarta calendar date (YYYY-MM-DD) of an instant. */
export function jakartaDate(atMs: number): string {
  return DateTime.fromMillis(atMs, { zone: ZONE }).toISODate()!;
}

/** A real calendar date written YYYY-MM-DD (so 2026-02-30 is not one). */
export function isCalendarDate(value: string): boolean {
  return jakartaDay(value).isValid;
}

/** Days from one date to another, both counted: 2026-12-07..2026-12-13 is 7. */
export function daysInclusive(startsOn: string, endsOn: string): number {
  return jakartaDay(endsOn).diff(jakartaDay(startsOn), 'days').days + 1;
}

/** The instant the appointment stops being in force: 24:00 WIB of its last day, or when it was ended early. */
export function actingEndsAtMs(appointment: Pick<ActingAppointmentFacts, 'endsOn' | 'endedAtMs'>): number {
  const endOfLastDay = jakartaDay(appointment.endsOn).plus({ days: 1 }).toMillis();
  return appointment.endedAtMs === null ? endOfLastDay : Math.min(endOfLastDay, appointment.endedAtMs);
}

/** The instant it starts: 00:00 WIB of its first day. */
export function actingStartsAtMs(appointment: Pick<ActingAppointmentFacts, 'startsOn'>): number {
  return jakartaDay(appointment.startsOn).toMillis();
}

/** In force at this instant: within its dates (Jakarta) and not ended early. */
export function actingInForce(
  appointment: Pick<ActingAppointmentFacts, 'startsOn' | 'endsOn' | 'endedAtMs'>,
  atMs: number,
): boolean {
  return actingStartsAtMs(appointment) <= atMs && atMs < actingEndsAtMs(appointment);
}

/** Two appointments for the same post whose dates share a day (one ended early no longer counts). */
export function actingOverlaps(
  a: Pick<ActingAppointmentFacts, 'post' | 'startsOn' | 'endsOn' | 'endedAtMs'>,
  b: Pick<ActingAppointmentFacts, 'post' | 'startsOn' | 'endsOn' | 'endedAtMs'>,
): boolean {
  if (!samePost(a.post, b.post)) return false;
  if (a.endedAtMs !== null || b.endedAtMs !== null) return false;
  return a.startsOn <= b.endsOn && b.startsOn <= a.endsOn;
}

export function samePost(a: ActingPost, b: ActingPost): boolean {
  return a.kind === b.kind && (a.kind === 'SEKDA' || (b.kind === 'AGENCY_HEAD' && a.agencyId === b.agencyId));
}

/**
 * Why these dates cannot be an appointment (field and reason), or null. `today` is the Jakarta date now: an
 * appointment may start today or later, never in the past.
 */
export function actingRangeProblem(
  startsOn: string,
  endsOn: string,
  today: string,
): { field: 'startsOn' | 'endsOn'; message: string } | null {
  if (!isCalendarDate(startsOn)) return { field: 'startsOn', message: 'must be a date YYYY-MM-DD' };
  if (!isCalendarDate(endsOn)) return { field: 'endsOn', message: 'must be a date YYYY-MM-DD' };
  if (startsOn < today) return { field: 'startsOn', message: `must not be in the past (today is ${today})` };
  if (endsOn < startsOn) return { field: 'endsOn', message: 'must be on or after startsOn' };
  const days = daysInclusive(startsOn, endsOn);
  if (days > MAX_ACTING_DAYS) {
    return {
      field: 'endsOn',
      message: `an appointment lasts at most ${MAX_ACTING_DAYS} days (three months); this one is ${days} days`,
    };
  }
  return null;
}

/** Holds the post itself (and so cannot act in it): the Kepala of that OPD, or the Sekda. */
export function holdsPost(
  user: { role: Role; agencyId: string; office?: string | null },
  post: ActingPost,
): boolean {
  return post.kind === 'SEKDA'
    ? user.role === 'LEADERSHIP' && user.office === 'SEKDA'
    : user.role === 'AGENCY_HEAD' && user.agencyId === post.agencyId;
}

/** Why this user cannot be appointed to the post, or null. */
export function appointeeProblem(
  user: { role: Role; agencyId: string; office?: string | null; active: boolean },
  post: ActingPost,
): string | null {
  if (!user.active) return 'the user is deactivated';
  if (user.role === 'ADMIN') return 'a system administrator account does not act in a post';
  if (holdsPost(user, post)) return 'the user already holds this post';
  return null;
}

/**
 * The actor an acting user acts as while the appointment is in force: the Kepala OPD of that OPD, or
 * leadership in the Sekda's office (the OPD stays the user's own, so separation of duties still keeps them off
 * their own OPD's escalations).
 */
export function actingHat(
  appointment: Pick<ActingAppointmentFacts, 'post' | 'title'>,
  user: { userId: string; agencyId: string },
  postName: string,
): Actor {
  const acting: ActingAs = { title: appointment.title, post: postName };
  return appointment.post.kind === 'AGENCY_HEAD'
    ? { userId: user.userId, agencyId: appointment.post.agencyId, role: 'AGENCY_HEAD', acting }
    : { userId: user.userId, agencyId: user.agencyId, role: 'LEADERSHIP', office: 'SEKDA', acting };
}

/** "Plt. Kepala Dinas Kesehatan". */
export function actingLabel(acting: ActingAs): string {
  return `${ACTING_TITLE_TEXT[acting.title]} ${acting.post}`;
}

/** The name of a post: "Kepala <OPD name>" (the OPD's name as stored, e.g. "Dinas Kesehatan") or the Sekda. */
export function postName(post: ActingPost, agencyName: string | null): string {
  return post.kind === 'SEKDA' ? 'Sekretaris Daerah' : `Kepala ${agencyName ?? ''}`.trim();
}
