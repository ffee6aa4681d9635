import type { AppConfig } from '@gotong/config/config';
import { APP_CONFIG } from '@gotong/database/database.module';
import { createObjectStore } from '@gotong/storage/object-store.factory';
import { ChallengeService } from './challenge.service';
import {
  CitizenReportsController,
  PublicReportsController,
  TransparencyController,
} from './citizen.controller';
import { CITIZEN_PHOTO_STORE, CitizenReportsService } from './citizen-reports.service';
import { TransparencyService } from './transparency.service';

/** #18 citizen reports and public transparency, registered in AppModule. */
export const CITIZEN_CONTROLLERS = [
  PublicReportsController,
  CitizenReportsController,
  TransparencyController,
];

export const CITIZEN_PROVIDERS = [
  CitizenReportsService,
  ChallengeService,
  TransparencyService,
  {
    // Photos go to the attachments' object store (STORAGE_DRIVER), under citizen-reports/<id>/photo.
    provide: CITIZEN_PHOTO_STORE,
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) => createObjectStore(config),
  },
];
