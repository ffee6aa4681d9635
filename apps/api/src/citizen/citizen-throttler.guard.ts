import { Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { AppConfig } from '@gotong/config/config';
import { APP_CONFIG } from '@gotong/database/database.module';
import { PublicThrottlerGuard } from '../data/public-throttler.guard';

export const CITIZEN_FILING_THROTTLER = 'citizen-filing';

/**
 * The limit on filing citizen reports (POST /public/reports): CITIZEN_REPORT_RATE_LIMIT per client address per
 * CITIZEN_REPORT_RATE_WINDOW (5 an hour by default), in a bucket of its own, on top of the open API limit
 * every /public/reports route counts against. Same address rules (TRUSTED_PROXIES) and 429 with Retry-After.
 */
@Injectable()
export class CitizenFilingThrottlerGuard extends PublicThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    @Inject(APP_CONFIG) private readonly appConfig: AppConfig,
  ) {
    super(options, storage, reflector, appConfig);
  }

  override async onModuleInit(): Promise<void> {
    await super.onModuleInit();
    this.throttlers = [
      {
        name: CITIZEN_FILING_THROTTLER,
        limit: this.appConfig.CITIZEN_REPORT_RATE_LIMIT,
        ttl: this.appConfig.CITIZEN_REPORT_RATE_WINDOW,
      },
    ];
  }
}
