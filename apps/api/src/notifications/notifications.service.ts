import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { DateTime } from 'luxon';
import { DATABASE } from '@gotong/database/database.module';
import type { Prisma } from '@gotong/database/generated/prisma/client';
import type { Database } from '@gotong/database/prisma';
import { AccessService } from '../common/access.service';
import type { AuthContext } from '../common/auth-context';
import type { Page } from '../common/pagination';
import type {
  DeliveryQuery,
  DigestRunDto,
  NotificationPreferencesDto,
  NotificationQuery,
} from './notifications.dto';
import { adminAudit } from '../admin/one-time-password';

const NOTIFICATION_FIELDS = {
  id: true,
  kind: true,
  urgent: true,
  title: true,
  body: true,
  link: true,
  projectId: true,
  taskId: true,
  createdAt: true,
  readAt: true,
} satisfies Prisma.NotificationSelect;

export type NotificationView = Prisma.NotificationGetPayload<{ select: typeof NOTIFICATION_FIELDS }>;

export interface PreferencesView {
  email: boolean;
  webhook: boolean;
  language: 'id' | 'en';
  quietHours: { start: string; end: string } | null;
  /** Where the channels reach this user (from the user record, kept by ADMIN). */
  addresses: { email: string | null; phone: string | null };
}

/**
 * The in-app inbox (each user sees only their own notifications), notification preferences, and the ADMIN
 * views of dead-lettered deliveries. Writes that must reach the notifier (a retry, a digest run) go through
 * the outbox in the same transaction, never straight to Redis.
 */
@Injectable()
export class NotificationsService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly access: AccessService,
  ) {}

  async list(
    auth: AuthContext,
    query: NotificationQuery,
  ): Promise<Page<NotificationView> & { unread: number }> {
    const where: Prisma.NotificationWhereInput = {
      userId: auth.userId,
      ...(query.unread ? { readAt: null } : {}),
    };
    const [items, total, unread] = await Promise.all([
      this.db.notification.findMany({
        where,
        select: NOTIFICATION_FIELDS,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        skip: (query.page - 1) * query.pageSize,
        take: query.pageSize,
      }),
      this.db.notification.count({ where }),
      this.unreadCount(auth),
    ]);
    return { items, page: query.page, pageSize: query.pageSize, total, unread };
  }

  async unreadCount(auth: AuthContext): Promise<number> {
    return this.db.notification.count({ where: { userId: auth.userId, readAt: null } });
  }

  /** One of the caller's notifications; someone else's is 404, as if it did not exist. */
  async get(auth: AuthContext, id: string): Promise<NotificationView> {
    const notification = await this.db.notification.findFirst({
      where: { id, userId: auth.userId },
      select: NOTIFICATION_FIELDS,
    });
    if (!notification) throw new NotFoundException(`notification ${id} not found`);
    return notification;
  }

  async markRead(auth: AuthContext, id: string): Promise<NotificationView & { unreadCount: number }> {
    const notification = await this.get(auth, id);
    const readAt = notification.readAt ?? new Date();
    if (!notification.readAt) {
      await this.db.notification.updateMany({
        where: { id, userId: auth.userId, readAt: null },
        data: { readAt },
      });
    }
    return { ...notification, readAt, unreadCount: await this.unreadCount(auth) };
  }

  async markAllRead(auth: AuthContext): Promise<{ marked: number; unreadCount: number }> {
    const { count } = await this.db.notification.updateMany({
      where: { userId: auth.userId, readAt: null },
      data: { readAt: new Date() },
    });
    return { marked: count, unreadCount: 0 };
  }

  async preferences(auth: AuthContext): Promise<PreferencesView> {
    const user = await this.db.user.findUniqueOrThrow({
      where: { id: auth.userId },
      select: { email: true, phone: true, notificationPrefs: true },
    });
    const p = user.notificationPrefs;
    return {
      email: p?.email ?? true,
      webhook: p?.webhook ?? true,
      language: p?.language ?? 'id',
      quietHours:
        p?.quietHoursStart && p.quietHoursEnd ? { start: p.quietHoursStart, end: p.quietHoursEnd } : null,
      addresses: { email: user.email, phone: user.phone },
    };
  }

  async setPreferences(auth: AuthContext, dto: NotificationPreferencesDto): Promise<PreferencesView> {
    if (dto.quietHours && dto.quietHours.start === dto.quietHours.end) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: ['quietHours: start and end must differ'],
      });
    }
    const quiet =
      dto.quietHours === undefined
        ? {}
        : { quietHoursStart: dto.quietHours?.start ?? null, quietHoursEnd: dto.quietHours?.end ?? null };
    const data = {
      ...(dto.email !== undefined ? { email: dto.email } : {}),
      ...(dto.webhook !== undefined ? { webhook: dto.webhook } : {}),
      ...(dto.language !== undefined ? { language: dto.language } : {}),
      ...quiet,
    };
    await this.db.notificationPreference.upsert({
      where: { userId: auth.userId },
      create: { userId: auth.userId, ...data },
      update: data,
    });
    return this.preferences(auth);
  }

  async deliveries(auth: AuthContext, query: DeliveryQuery) {
    this.access.requireRole(auth, 'notification.admin');
    const where: Prisma.NotificationDeliveryWhereInput = {
      status: query.status,
      ...(query.channel ? { channel: query.channel } : {}),
    };
    const [rows, total] = await Promise.all([
      this.db.notificationDelivery.findMany({
        where,
        orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
        skip: (query.page - 1) * query.pageSize,
        take: query.pageSize,
        select: {
          id: true,
          channel: true,
          status: true,
          attempts: true,
          generation: true,
          lastError: true,
          notBefore: true,
          sentAt: true,
          createdAt: true,
          updatedAt: true,
          notification: {
            select: {
              id: true,
              kind: true,
              title: true,
              urgent: true,
              user: { select: { id: true, username: true, fullName: true } },
            },
          },
        },
      }),
      this.db.notificationDelivery.count({ where }),
    ]);
    return { items: rows, page: query.page, pageSize: query.pageSize, total };
  }

  /** Puts a dead delivery back in line: a new generation (so a new job id) relayed through the outbox. */
  async retryDelivery(auth: AuthContext, id: string) {
    this.access.requireRole(auth, 'notification.admin');
    return this.db.$transaction(async (tx) => {
      const delivery = await tx.notificationDelivery.findUnique({ where: { id }, select: { status: true } });
      if (!delivery) throw new NotFoundException(`delivery ${id} not found`);
      const { count } = await tx.notificationDelivery.updateMany({
        where: { id, status: 'DEAD' },
        data: {
          status: 'PENDING',
          attempts: 0,
          generation: { increment: 1 },
          notBefore: new Date(),
          lastError: null,
        },
      });
      if (count === 0)
        throw new ConflictException(`delivery ${id} is ${delivery.status}, only DEAD ones can be retried`);
      const { generation } = await tx.notificationDelivery.findUniqueOrThrow({
        where: { id },
        select: { generation: true },
      });
      await tx.outboxMessage.create({
        data: {
          key: `delivery-retry:${id}:${generation}`,
          topic: 'delivery.retry',
          payload: { deliveryId: id },
        },
      });
      await adminAudit(tx, auth, 'DELIVERY_RETRIED', `delivery:${id}`, { deliveryId: id, generation });
      return { id, status: 'PENDING' as const, generation };
    });
  }

  /** Sends the digest for a day now (e.g. after an outage at 07:00); people who already have it get nothing. */
  async runDigest(auth: AuthContext, dto: DigestRunDto) {
    this.access.requireRole(auth, 'notification.admin');
    const date = DateTime.fromISO(dto.date, { zone: 'Asia/Jakarta' });
    if (!date.isValid) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: [`date: ${dto.date} is not a date`],
      });
    }
    const key = `digest-run:${dto.date}:${randomUUID()}`;
    await this.db.$transaction(async (tx) => {
      await tx.outboxMessage.create({ data: { key, topic: 'digest.run', payload: { date: dto.date } } });
      await adminAudit(tx, auth, 'DIGEST_RUN', `digest:${dto.date}`, { date: dto.date });
    });
    return { date: dto.date, queued: true };
  }
}
