import { Module } from '@nestjs/common';
import { DatabaseModule } from '@gotong/database/database.module';

@Module({ imports: [DatabaseModule] })
export class WorkerModule {}
