import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Sse } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import {
  concat,
  defer,
  filter,
  from,
  interval,
  map,
  merge,
  mergeMap,
  takeUntil,
  type Observable,
} from 'rxjs';
import { Auth, type AuthContext } from '../common/auth-context';
import {
  DeliveryQuery,
  DigestRunDto,
  NotificationPreferencesDto,
  NotificationQuery,
} from './notifications.dto';
import { NotificationEvents } from './notification-events';
import { NotificationsService } from './notifications.service';

interface ServerEvent {
  type: string;
  data: unknown;
}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller()
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly events: NotificationEvents,
  ) {}

  @Get('notifications')
  @ApiOperation({ summary: "The caller's notification inbox, newest first, with the unread count" })
  list(@Auth() auth: AuthContext, @Query() query: NotificationQuery) {
    return this.notifications.list(auth, query);
  }

  @Get('notifications/unread-count')
  @ApiOperation({ summary: "The caller's number of unread notifications" })
  async unreadCount(@Auth() auth: AuthContext) {
    return { unreadCount: await this.notifications.unreadCount(auth) };
  }

  /**
   * Server-sent events: `unread` once on connect, then `notification` for each new one (with the new unread
   * count), and a `ping` every 25 s so proxies keep the connection open. Send the bearer token in the
   * Authorization header (fetch-based SSE clients can).
   */
  @Sse('notifications/stream')
  @ApiOperation({ summary: 'Live notifications (text/event-stream)' })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description:
      'Server-sent events: `unread` ({ unreadCount }), `notification` (the notification and the new unread count), `ping`',
    schema: { type: 'string' },
  })
  stream(@Auth() auth: AuthContext): Observable<ServerEvent> {
    const first = defer(() => from(this.notifications.unreadCount(auth))).pipe(
      map((unreadCount): ServerEvent => ({ type: 'unread', data: { unreadCount } })),
    );
    const live = this.events.events.pipe(
      filter((e) => e.userId === auth.userId),
      mergeMap(async (e): Promise<ServerEvent> => {
        const [notification, unreadCount] = await Promise.all([
          this.notifications.get(auth, e.id),
          this.notifications.unreadCount(auth),
        ]);
        return { type: 'notification', data: { notification, unreadCount } };
      }),
    );
    const ping = interval(25_000).pipe(map((): ServerEvent => ({ type: 'ping', data: {} })));
    // Ends with the process's shutdown; the web app reconnects (to another replica, or this one restarted).
    return concat(first, merge(live, ping)).pipe(takeUntil(this.events.closing));
  }

  @Get('notifications/:id')
  @ApiNotFoundResponse({ description: 'No such notification for the caller' })
  @ApiOperation({ summary: 'One notification' })
  get(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string) {
    return this.notifications.get(auth, id);
  }

  @Post('notifications/:id/read')
  @HttpCode(200)
  @ApiNotFoundResponse({ description: 'No such notification for the caller' })
  @ApiOperation({ summary: 'Mark a notification read' })
  markRead(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string) {
    return this.notifications.markRead(auth, id);
  }

  @Post('notifications/read-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark every notification read' })
  markAllRead(@Auth() auth: AuthContext) {
    return this.notifications.markAllRead(auth);
  }

  @Get('me/notification-preferences')
  @ApiOperation({ summary: "The caller's notification preferences" })
  preferences(@Auth() auth: AuthContext) {
    return this.notifications.preferences(auth);
  }

  @Put('me/notification-preferences')
  @ApiOkResponse({ description: 'The preferences after the change' })
  @ApiOperation({ summary: "Change the caller's notification preferences" })
  setPreferences(@Auth() auth: AuthContext, @Body() dto: NotificationPreferencesDto) {
    return this.notifications.setPreferences(auth, dto);
  }

  @Get('admin/notification-deliveries')
  @ApiOperation({
    summary: 'ADMIN: email and webhook deliveries by status (DEAD by default: the dead letters)',
  })
  @ApiForbiddenResponse({ description: 'Not an ADMIN' })
  deliveries(@Auth() auth: AuthContext, @Query() query: DeliveryQuery) {
    return this.notifications.deliveries(auth, query);
  }

  @Post('admin/notification-deliveries/:id/retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'ADMIN: send a dead-lettered delivery again' })
  @ApiConflictResponse({ description: 'The delivery is not dead' })
  retry(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string) {
    return this.notifications.retryDelivery(auth, id);
  }

  @Post('admin/digests')
  @HttpCode(202)
  @ApiOperation({ summary: 'ADMIN: send the leadership digest for a day now (once per person per day)' })
  runDigest(@Auth() auth: AuthContext, @Body() dto: DigestRunDto) {
    return this.notifications.runDigest(auth, dto);
  }
}
