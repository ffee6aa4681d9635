import { Module } from '@nestjs/common';
import { DatabaseModule } from '../../../libs/database/src/database.module';

@Module({ imports: [DatabaseModule] })
export class WorkerModule {}
