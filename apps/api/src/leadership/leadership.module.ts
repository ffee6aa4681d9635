import { Module } from '@nestjs/common';
import { AccessService } from '../common/access.service';
import { LeadershipController, LeadershipService } from './leadership.controller';

/** The leadership home (GET /leadership/overview). */
@Module({
  controllers: [LeadershipController],
  providers: [LeadershipService, AccessService],
})
export class LeadershipModule {}
