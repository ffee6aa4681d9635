import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DATABASE } from '@gotong/database/database.module';
import type { Database } from '@gotong/database/prisma';

@ApiTags('agencies')
@ApiBearerAuth()
@Controller('agencies')
export class AgenciesController {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** The regency's OPDs and kecamatan offices: public organisational data, readable by every signed-in user. */
  @Get()
  @ApiOkResponse({ description: 'All OPDs with their codes' })
  list() {
    return this.db.agency.findMany({
      select: { id: true, code: true, name: true, kind: true, areaCode: true },
      orderBy: [{ kind: 'asc' }, { code: 'asc' }],
    });
  }
}
