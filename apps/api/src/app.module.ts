import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { AppConfig } from '@gotong/config/config';
import { APP_CONFIG, DatabaseModule } from '@gotong/database/database.module';
import { ActingController } from './acting/acting.controller';
import { ActingService } from './acting/acting.service';
import { ADMIN_CONTROLLERS, ADMIN_PROVIDERS } from './admin/admin.controller';
import { AgenciesController } from './agencies/agencies.controller';
import { CoverageService } from './agencies/coverage.service';
import { AreasModule } from './areas/areas.module';
import { AttachmentsModule } from './attachments/attachments.module';
import { CommentsModule } from './comments/comments.module';
import { LeadershipModule } from './leadership/leadership.module';
import { AuthController } from './auth/auth.controller';
import { CodecModule } from './codec/codec.module';
import { AuthService } from './auth/auth.service';
import { JwtAuthGuard } from './auth/jwt-auth.guard';
import { LoginAttempts } from './auth/login-attempts';
import { SessionStreamInterceptor } from './auth/session-stream.interceptor';
import { AccessService } from './common/access.service';
import { HealthController } from './health/health.controller';
import { RedisThrottlerStorage } from './infra/redis';
import { RedisModule } from './infra/redis.module';
import { temporalClientProvider, TemporalLifecycle } from './infra/temporal';
import { PlanningController } from './planning/planning.controller'; // #18 planning
import { PlanningService } from './planning/planning.service'; // #18 planning
import { ProjectsController } from './projects/projects.controller';
import { ProjectsService } from './projects/projects.service';
import { TasksController } from './tasks/tasks.controller';
import { TasksService } from './tasks/tasks.service';
import { CalendarController } from './calendar/calendar.controller';
import { IncidentsController } from './incidents/incidents.controller';
import { IncidentsService } from './incidents/incidents.service';
import { PolicyDraftsController } from './policy/policy.controller'; // #18 policy
import { PolicyService } from './policy/policy.service'; // #18 policy
import { EscalationsController, EscalationsService } from './escalations/escalations.controller';
import { WorkflowGateway } from './infra/workflow-gateway';
import { ProjectPlanner } from './projects/project-planner';
import { CITIZEN_CONTROLLERS, CITIZEN_PROVIDERS } from './citizen/citizen.providers'; // #18 citizen
import { ScorecardsController, ScorecardsService } from './scorecards/scorecards.controller';
import { TemplatesController } from './templates/templates.controller';
import { TemplatesService } from './templates/templates.service';
import { DataController } from './data/data.controller';
import { DATA_CONTROLLERS, DATA_PROVIDERS } from './data/data.providers';
import { NotificationEvents } from './notifications/notification-events';
import { NotificationsController } from './notifications/notifications.controller';
import { NotificationsService } from './notifications/notifications.service';
import { apiLoggingParams } from './observability/logging';
import { RequestContextInterceptor } from './observability/request-context.interceptor';

@Module({
  imports: [
    AreasModule,
    AttachmentsModule,
    CommentsModule,
    LeadershipModule,
    CodecModule,
    DatabaseModule,
    RedisModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ secret: config.JWT_SECRET, signOptions: { algorithm: 'HS256' } }),
    }),
    ThrottlerModule.forRootAsync({
      imports: [RedisModule],
      inject: [APP_CONFIG, RedisThrottlerStorage],
      useFactory: (config: AppConfig, storage: RedisThrottlerStorage) => ({
        throttlers: [{ name: 'login', limit: config.LOGIN_RATE_LIMIT, ttl: config.LOGIN_RATE_WINDOW }],
        storage,
      }),
    }),
  ],
  controllers: [
    AuthController,
    AgenciesController,
    TemplatesController,
    ProjectsController,
    TasksController,
    EscalationsController,
    ScorecardsController,
    CalendarController,
    IncidentsController,
    PolicyDraftsController, // #18 policy
    NotificationsController,
    DataController,
    ...DATA_CONTROLLERS,
    HealthController,
    ActingController,
    PlanningController, // #18 planning
    ...ADMIN_CONTROLLERS,
    ...CITIZEN_CONTROLLERS, // #18 citizen
  ],
  providers: [
    AuthService,
    LoginAttempts,
    AccessService,
    ProjectsService,
    ProjectPlanner,
    CoverageService,
    TasksService,
    TemplatesService,
    EscalationsService,
    ScorecardsService,
    WorkflowGateway,
    IncidentsService,
    PolicyService, // #18 policy
    NotificationsService,
    ...DATA_PROVIDERS,
    ...ADMIN_PROVIDERS,
    ...CITIZEN_PROVIDERS, // #18 citizen
    ActingService,
    PlanningService, // #18 planning
    NotificationEvents,
    temporalClientProvider(),
    TemporalLifecycle,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_INTERCEPTOR, useClass: RequestContextInterceptor },
    { provide: APP_INTERCEPTOR, useClass: SessionStreamInterceptor },
  ],
})
export class AppModule {
  /** The API with its JSON request log (nestjs-pino) on stdout, or on `destination` (tests read it). */
  static withLogging(destination?: DestinationStream): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => apiLoggingParams(config, destination),
        }),
      ],
    };
  }
}
