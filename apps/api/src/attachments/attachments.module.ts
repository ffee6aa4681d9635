import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import type { AppConfig } from '@gotong/config/config';
import { APP_CONFIG } from '@gotong/database/database.module';
import { createObjectStore } from '@gotong/storage/object-store.factory';
import type { ObjectStore } from '@gotong/storage/object-store';
import { CommentsModule } from '../comments/comments.module';
import { AccessService } from '../common/access.service';
import { AttachmentsController, AttachmentTooLargeFilter } from './attachments.controller';
import { AttachmentsService, OBJECT_STORE } from './attachments.service';

/**
 * Attachments on contributions (tasks', sitreps') and comments, in the object store STORAGE_DRIVER names
 * (libs/storage: a local directory, or S3/MinIO). One file per request, at most ATTACHMENT_MAX_BYTES, kept in
 * memory while it is checked (type, thumbnail) and stored.
 */
@Module({
  imports: [
    CommentsModule,
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        limits: { fileSize: config.ATTACHMENT_MAX_BYTES, files: 1, fields: 10, parts: 11 },
      }),
    }),
  ],
  controllers: [AttachmentsController],
  providers: [
    AttachmentsService,
    AccessService,
    AttachmentTooLargeFilter,
    {
      provide: OBJECT_STORE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => createObjectStore(config),
    },
  ],
})
export class AttachmentsModule implements OnApplicationShutdown {
  constructor(@Inject(OBJECT_STORE) private readonly store: ObjectStore) {}

  onApplicationShutdown(): void {
    this.store.close?.();
  }
}
