import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { audit, type Tx } from '@gotong/database/audit';
import { DATABASE } from '@gotong/database/database.module';
import type { Prisma } from '@gotong/database/generated/prisma/client';
import type { Database } from '@gotong/database/prisma';
import {
  actingInForce,
  actingLabel,
  actingRangeProblem,
  appointeeProblem,
  jakartaDate,
  postName,
  type ActingPost,
} from '@gotong/domain/acting';
import { appointsActing, readsRegencyWide } from '@gotong/domain/permissions';
import type { AuthContext } from '../common/auth-context';
import type { ActingListQuery, CandidatesQuery, CreateActingDto } from './acting.dto';

const badRequest = (message: string) =>
  new BadRequestException({ statusCode: 400, error: 'Bad Request', message: [message] });

/** A @db.Date column as the date it stores (YYYY-MM-DD). */
export const dateOnly = (value: Date): string => value.toISOString().slice(0, 10);
const asDate = (value: string): Date => new Date(`${value}T00:00:00.000Z`);

export const APPOINTMENT_SELECT = {
  id: true,
  postKind: true,
  title: true,
  startsOn: true,
  endsOn: true,
  reason: true,
  createdAt: true,
  endedAt: true,
  agency: { select: { id: true, code: true, name: true } },
  actingUser: { select: { id: true, username: true, fullName: true, position: true } },
  appointedBy: { select: { id: true, fullName: true } },
  endedBy: { select: { id: true, fullName: true } },
} satisfies Prisma.ActingAppointmentSelect;

type AppointmentRow = Prisma.ActingAppointmentGetPayload<{ select: typeof APPOINTMENT_SELECT }>;

/** What the API answers for an appointment: the row, its post's name, its label and whether it is in force. */
export function appointmentView(row: AppointmentRow, nowMs = Date.now()) {
  const post = postName(
    row.postKind === 'SEKDA' ? { kind: 'SEKDA' } : { kind: 'AGENCY_HEAD', agencyId: row.agency?.id ?? '' },
    row.agency?.name ?? null,
  );
  const facts = {
    startsOn: dateOnly(row.startsOn),
    endsOn: dateOnly(row.endsOn),
    endedAtMs: row.endedAt?.getTime() ?? null,
  };
  return {
    ...row,
    startsOn: facts.startsOn,
    endsOn: facts.endsOn,
    postName: post,
    label: actingLabel({ title: row.title, post }),
    inForce: actingInForce(facts, nowMs),
  };
}

/**
 * Plt./Plh. appointments (libs/domain/src/acting.ts): who may appoint (permissions appointsActing), to whom,
 * for which dates, one per post on any day. Every appointment and early end is an audit event.
 */
@Injectable()
export class ActingService {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  private async post(kind: 'AGENCY_HEAD' | 'SEKDA', agencyCode: string | undefined) {
    if (kind === 'SEKDA') return { post: { kind: 'SEKDA' } as ActingPost, agency: null };
    if (!agencyCode) throw badRequest('agencyCode: name the OPD whose Kepala post it is');
    const agency = await this.db.agency.findUnique({
      where: { code: agencyCode },
      select: { id: true, code: true, name: true, active: true },
    });
    if (!agency) throw badRequest(`agencyCode: unknown OPD code ${agencyCode}`);
    if (!agency.active) throw badRequest(`agencyCode: OPD ${agencyCode} is deactivated`);
    return { post: { kind: 'AGENCY_HEAD', agencyId: agency.id } as ActingPost, agency };
  }

  /** The caller may appoint to (and end appointments of) this post, else 403 saying who may. */
  private async requireAppointer(auth: AuthContext, post: ActingPost, agencyCode: string | null) {
    const me = await this.db.user.findUnique({ where: { id: auth.userId }, select: { office: true } });
    if (appointsActing({ role: auth.role, agencyId: auth.agencyId, office: me?.office ?? null }, post))
      return;
    throw new ForbiddenException(
      post.kind === 'SEKDA'
        ? 'only the Bupati or an admin appoints a Plt./Plh. Sekda'
        : `only the Kepala of ${agencyCode} or an admin appoints a Plt./Plh. to that post`,
    );
  }

  async create(auth: AuthContext, dto: CreateActingDto) {
    const { post, agency } = await this.post(dto.post, dto.agencyCode);
    await this.requireAppointer(auth, post, agency?.code ?? null);
    const range = actingRangeProblem(dto.startsOn, dto.endsOn, jakartaDate(Date.now()));
    if (range) throw badRequest(`${range.field}: ${range.message}`);
    const appointee = await this.db.user.findUnique({
      where: { id: dto.actingUserId },
      select: { id: true, username: true, role: true, agencyId: true, office: true, active: true },
    });
    if (!appointee) throw badRequest(`actingUserId: no user ${dto.actingUserId}`);
    if (appointee.id === auth.userId) throw badRequest('actingUserId: you cannot appoint yourself');
    const problem = appointeeProblem(appointee, post);
    if (problem) throw badRequest(`actingUserId: ${problem}`);

    return this.db.$transaction(async (tx) => {
      // One appointment per post on any day: concurrent appointments to the same post queue here.
      const lockKey = post.kind === 'SEKDA' ? 'acting:SEKDA' : `acting:${post.agencyId}`;
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${lockKey}))`;
      const clash = await tx.actingAppointment.findFirst({
        where: {
          postKind: post.kind,
          agencyId: agency?.id ?? null,
          endedAt: null,
          startsOn: { lte: asDate(dto.endsOn) },
          endsOn: { gte: asDate(dto.startsOn) },
        },
        select: { title: true, startsOn: true, endsOn: true, actingUser: { select: { fullName: true } } },
      });
      if (clash) {
        throw new ConflictException(
          `the post already has a ${clash.title === 'PLT' ? 'Plt.' : 'Plh.'} (${clash.actingUser.fullName}) ` +
            `from ${dateOnly(clash.startsOn)} to ${dateOnly(clash.endsOn)}; end it first or choose other dates`,
        );
      }
      const row = await tx.actingAppointment.create({
        data: {
          postKind: post.kind,
          agencyId: agency?.id ?? null,
          title: dto.title,
          actingUserId: appointee.id,
          startsOn: asDate(dto.startsOn),
          endsOn: asDate(dto.endsOn),
          reason: dto.reason,
          appointedById: auth.userId,
        },
        select: APPOINTMENT_SELECT,
      });
      const view = appointmentView(row);
      await actingAudit(tx, auth, 'ACTING_APPOINTED', row.id, {
        appointmentId: row.id,
        post: post.kind,
        agencyCode: agency?.code ?? null,
        title: row.title,
        label: view.label,
        actingUserId: appointee.id,
        actingUsername: appointee.username,
        startsOn: view.startsOn,
        endsOn: view.endsOn,
        reason: row.reason,
      });
      return view;
    });
  }

  /** Ends an appointment early (or cancels one not yet begun): whoever may appoint to its post. */
  async end(auth: AuthContext, id: string) {
    const row = await this.db.actingAppointment.findUnique({ where: { id }, select: APPOINTMENT_SELECT });
    if (!row) throw new NotFoundException(`acting appointment ${id} not found`);
    const post: ActingPost =
      row.postKind === 'SEKDA' ? { kind: 'SEKDA' } : { kind: 'AGENCY_HEAD', agencyId: row.agency!.id };
    await this.requireAppointer(auth, post, row.agency?.code ?? null);
    const now = new Date();
    if (row.endedAt)
      throw new ConflictException(`this appointment was already ended on ${row.endedAt.toISOString()}`);
    if (dateOnly(row.endsOn) < jakartaDate(now.getTime())) {
      throw new ConflictException(`this appointment is over (it ended on ${dateOnly(row.endsOn)})`);
    }
    return this.db.$transaction(async (tx) => {
      const ended = await tx.actingAppointment.updateMany({
        where: { id, endedAt: null },
        data: { endedAt: now, endedById: auth.userId },
      });
      if (ended.count === 0) throw new ConflictException('this appointment was already ended');
      const updated = await tx.actingAppointment.findUniqueOrThrow({
        where: { id },
        select: APPOINTMENT_SELECT,
      });
      const view = appointmentView(updated, now.getTime());
      await actingAudit(tx, auth, 'ACTING_ENDED', id, {
        appointmentId: id,
        post: row.postKind,
        agencyCode: row.agency?.code ?? null,
        label: view.label,
        actingUserId: row.actingUser.id,
        actingUsername: row.actingUser.username,
        startsOn: view.startsOn,
        endsOn: view.endsOn,
      });
      return view;
    });
  }

  /**
   * Appointments the caller may read: leadership and admins every one; a Kepala OPD those of their own post;
   * everyone their own as the acting official.
   */
  async list(auth: AuthContext, query: ActingListQuery) {
    const nowMs = Date.now();
    const today = asDate(jakartaDate(nowMs));
    const scope: Prisma.ActingAppointmentWhereInput = readsRegencyWide(auth.role)
      ? {}
      : {
          OR: [
            { actingUserId: auth.userId },
            ...(auth.role === 'AGENCY_HEAD'
              ? [{ postKind: 'AGENCY_HEAD' as const, agencyId: auth.agencyId }]
              : []),
          ],
        };
    const status = query.status ?? 'active';
    const when: Prisma.ActingAppointmentWhereInput =
      status === 'all'
        ? {}
        : status === 'past'
          ? { OR: [{ endsOn: { lt: today } }, { endedAt: { not: null } }] }
          : status === 'upcoming'
            ? { endedAt: null, startsOn: { gt: today } }
            : status === 'current'
              ? { endedAt: null, startsOn: { lte: today }, endsOn: { gte: today } }
              : { endedAt: null, endsOn: { gte: today } };
    const rows = await this.db.actingAppointment.findMany({
      where: {
        AND: [
          scope,
          when,
          query.agencyCode ? { postKind: 'AGENCY_HEAD', agency: { code: query.agencyCode } } : {},
          query.mine ? { actingUserId: auth.userId } : {},
        ],
      },
      orderBy: [{ startsOn: 'asc' }, { createdAt: 'asc' }],
      select: APPOINTMENT_SELECT,
    });
    return rows.map((row) => appointmentView(row, nowMs));
  }

  /** Who may be appointed to the post, for the web form: the OPD's active users, or leadership and Kepala OPD. */
  async candidates(auth: AuthContext, query: CandidatesQuery) {
    const { post, agency } = await this.post(query.post, query.agencyCode);
    await this.requireAppointer(auth, post, agency?.code ?? null);
    const users = await this.db.user.findMany({
      where: {
        active: true,
        id: { not: auth.userId },
        ...(post.kind === 'AGENCY_HEAD'
          ? { agencyId: post.agencyId, role: { not: 'ADMIN' } }
          : { role: { in: ['LEADERSHIP', 'AGENCY_HEAD'] } }),
      },
      select: {
        id: true,
        username: true,
        fullName: true,
        position: true,
        role: true,
        agencyId: true,
        office: true,
      },
      orderBy: { fullName: 'asc' },
    });
    return users
      .filter((u) => appointeeProblem({ ...u, active: true }, post) === null)
      .map(({ id, username, fullName, position }) => ({ id, username, fullName, position }));
  }
}

function actingAudit(
  tx: Tx,
  auth: AuthContext,
  action: string,
  appointmentId: string,
  detail: Record<string, unknown>,
) {
  return audit(tx, {
    eventKey: `acting:${appointmentId}:${action.toLowerCase()}:${randomUUID()}`,
    action,
    actorUserId: auth.userId,
    actorAgencyId: auth.agencyId,
    detail: detail as Prisma.InputJsonValue,
    occurredAt: new Date(),
  });
}
