import { Controller, Get, Inject, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiPropertyOptional,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { DATABASE } from '@gotong/database/database.module';
import type { Database } from '@gotong/database/prisma';
import { AccessService } from '../common/access.service';
import { Auth, type AuthContext } from '../common/auth-context';
import { CoverageService } from './coverage.service';

export class ListAgenciesQuery {
  @ApiPropertyOptional({
    description:
      'Also list deactivated OPDs (ADMIN only: 403 for anyone else; a value other than true/false is 400)',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeInactive?: boolean;
}

@ApiTags('agencies')
@ApiBearerAuth()
@Controller('agencies')
export class AgenciesController {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly access: AccessService,
    private readonly coverage: CoverageService,
  ) {}

  /**
   * The regency's OPDs and kecamatan offices: public organisational data, readable by every signed-in user.
   * Only active ones, which is what every picker offers; an admin may ask for the deactivated ones too.
   */
  @Get()
  @ApiOkResponse({ description: 'The active OPDs with their codes (with includeInactive=true, all of them)' })
  @ApiBadRequestResponse({ description: 'includeInactive is not true or false' })
  @ApiForbiddenResponse({ description: 'includeInactive=true asked by someone other than an ADMIN' })
  @ApiOperation({ summary: 'List the OPDs with their codes' })
  list(@Auth() auth: AuthContext, @Query() query: ListAgenciesQuery) {
    if (query.includeInactive) this.access.requireRole(auth, 'agency.admin');
    return this.db.agency.findMany({
      where: query.includeInactive ? {} : { active: true },
      select: { id: true, code: true, name: true, kind: true, areaCode: true, active: true },
      orderBy: [{ kind: 'asc' }, { code: 'asc' }],
    });
  }

  /**
   * OPDs that nobody works for (no active staff or Kepala account), with the work each owes: leadership and
   * admins see the regency, a Kepala OPD their own OPD, a lead the OPDs working in their projects.
   */
  @Get('coverage')
  @ApiOkResponse({ description: 'Uncovered OPDs with their open tasks, overdue tasks and open escalations' })
  @ApiForbiddenResponse({
    description: 'LEADERSHIP, ADMIN, AGENCY_HEAD and LEAD only (as the escalation board)',
  })
  @ApiOperation({ summary: 'OPDs nobody works for, with their open work' })
  coverageReport(@Auth() auth: AuthContext) {
    return this.coverage.report(auth);
  }
}
