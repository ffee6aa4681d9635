import { Module } from '@nestjs/common';
import { AreasController } from './areas.controller';

/** GET /areas: the regency's reference list of kecamatan, desa and kelurahan. */
@Module({ controllers: [AreasController] })
export class AreasModule {}
