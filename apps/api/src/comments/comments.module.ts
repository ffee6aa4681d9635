import { Module } from '@nestjs/common';
import { AccessService } from '../common/access.service';
import { CommentsController } from './comments.controller';
import { CommentsService } from './comments.service';

/** Comments on tasks, projects and incidents, with mentions of OPDs (notified through the outbox). */
@Module({
  controllers: [CommentsController],
  providers: [CommentsService, AccessService],
  exports: [CommentsService],
})
export class CommentsModule {}
