import {
  actingInForce,
  jakartaDate,
  postName,
  type ActingAppointmentFacts,
  type ActingPost,
} from '@gotong/domain/acting';
import type { Prisma } from './generated/prisma/client';

/** An acting appointment in force, as the rules of libs/domain/src/acting.ts see it, with its post's name. */
export interface AppointmentInForce extends ActingAppointmentFacts {
  /** "Kepala Dinas Kesehatan", "Sekretaris Daerah". */
  postName: string;
}

/**
 * The Plt./Plh. appointments matching `where` that are in force at `at`. The one query behind everything an
 * appointment changes: the API (which hats a caller wears), the notifier (who hears what is addressed to a
 * post) and the escalation activities (in which post an answer was given).
 */
export async function appointmentsInForce(
  db: Pick<Prisma.TransactionClient, 'actingAppointment'>,
  where: Prisma.ActingAppointmentWhereInput,
  at: Date,
): Promise<AppointmentInForce[]> {
  // Rows whose dates contain the Jakarta day of `at`; actingInForce then applies the exact instants, an early
  // end included (one ended after `at` was still in force then: a retried activity must see it).
  const day = new Date(`${jakartaDate(at.getTime())}T00:00:00.000Z`);
  const rows = await db.actingAppointment.findMany({
    where: { AND: [where, { startsOn: { lte: day }, endsOn: { gte: day } }] },
    select: {
      postKind: true,
      agencyId: true,
      title: true,
      actingUserId: true,
      startsOn: true,
      endsOn: true,
      endedAt: true,
      agency: { select: { name: true } },
    },
    orderBy: { startsOn: 'asc' },
  });
  return rows
    .map((row) => {
      const post: ActingPost =
        row.postKind === 'SEKDA' ? { kind: 'SEKDA' } : { kind: 'AGENCY_HEAD', agencyId: row.agencyId! };
      return {
        post,
        title: row.title,
        actingUserId: row.actingUserId,
        startsOn: row.startsOn.toISOString().slice(0, 10),
        endsOn: row.endsOn.toISOString().slice(0, 10),
        endedAtMs: row.endedAt?.getTime() ?? null,
        postName: postName(post, row.agency?.name ?? null),
      };
    })
    .filter((appointment) => actingInForce(appointment, at.getTime()));
}
