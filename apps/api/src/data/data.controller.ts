import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import type { IndicatorStandard } from '@gotong/domain/data-standard';
import { Auth, Public, type AuthContext } from '../common/auth-context';
import { AcceptsIdempotencyKey, IdempotencyKey } from '../common/idempotency';
import {
  DataRequestDto,
  ResolveConflictDto,
  ReconciliationDecisionDto,
  FigureRevisionDto,
  PublishedQuery,
} from './data.dto';
import { ConflictResolutionService } from './conflict-resolution.service';
import { ConflictsService } from './conflicts.service';
import { DataOverviewService } from './data-overview.service';
import { DataRequestsService } from './data-requests.service';
import { IndicatorsService } from './indicators.service';

class ConflictQuery {
  @ApiPropertyOptional({ enum: ['OPEN', 'RESOLVED'] })
  @IsOptional()
  @IsIn(['OPEN', 'RESOLVED'])
  status?: 'OPEN' | 'RESOLVED';
}

@ApiTags('data satu pintu')
@Controller('data')
export class DataController {
  constructor(
    private readonly indicatorCatalogue: IndicatorsService,
    private readonly dataRequests: DataRequestsService,
    private readonly conflictList: ConflictsService,
    private readonly conflictResolution: ConflictResolutionService,
    private readonly dataOverview: DataOverviewService,
  ) {}

  @Public()
  @Get('indicators')
  @ApiOperation({ summary: 'The indicator catalogue (newest version of each standard); open' })
  indicators(): Promise<(IndicatorStandard & { version: number; createdAt: Date })[]> {
    // The service spreads the stored standard (a JSON column, validated when defined): its fields, typed.
    return this.indicatorCatalogue.list() as Promise<
      (IndicatorStandard & { version: number; createdAt: Date })[]
    >;
  }

  @Public()
  @Get('indicators/:code')
  @ApiOperation({ summary: 'One indicator with its definition' })
  @ApiNotFoundResponse({ description: 'No indicator with this code' })
  indicator(
    @Param('code') code: string,
  ): Promise<IndicatorStandard & { version: number; versions: { version: number; createdAt: Date }[] }> {
    return this.indicatorCatalogue.get(code) as Promise<
      IndicatorStandard & { version: number; versions: { version: number; createdAt: Date }[] }
    >;
  }

  @ApiBearerAuth()
  @Post('indicators')
  @ApiOperation({
    summary: 'WALIDATA, ADMIN: define an indicator standard (a new version when the code exists)',
  })
  @ApiBody({
    schema: { type: 'object', description: 'IndicatorStandard (libs/domain/src/data-standard.ts)' },
  })
  defineIndicator(@Auth() auth: AuthContext, @Body() body: Record<string, unknown>) {
    return this.indicatorCatalogue.define(auth, body);
  }

  @ApiBearerAuth()
  @Post('requests')
  @ApiOperation({ summary: 'WALIDATA, LEAD: ask the producing OPDs for indicators, areas and a period' })
  @AcceptsIdempotencyKey('create')
  request(@Auth() auth: AuthContext, @Body() dto: DataRequestDto, @IdempotencyKey() key: string | undefined) {
    return this.dataRequests.start(auth, dto, key);
  }

  @ApiBearerAuth()
  @Get('requests')
  @ApiOperation({
    summary:
      'Data requests: WALIDATA and LEADERSHIP see all; others those they made and those their OPD leads or is asked in',
  })
  requests(@Auth() auth: AuthContext) {
    return this.dataRequests.list(auth);
  }

  @ApiBearerAuth()
  @Get('conflicts')
  @ApiOperation({ summary: 'Conflicting figures (an OPD sees those its own figures are part of)' })
  conflicts(@Auth() auth: AuthContext, @Query() query: ConflictQuery) {
    return this.conflictList.list(auth, query.status);
  }

  @ApiBearerAuth()
  @Post('conflicts/:id/resolve')
  @ApiOperation({ summary: 'WALIDATA: decide the agreed figure of a conflict, with the reasoning' })
  resolve(
    @Auth() auth: AuthContext,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ResolveConflictDto,
  ) {
    return this.conflictResolution.resolve(auth, id, dto);
  }

  @ApiBearerAuth()
  @Get('reconciliations')
  @ApiOperation({
    summary: 'Reconciliations, one per request whose figures disagree (an OPD sees those it is part of)',
  })
  reconciliations(@Auth() auth: AuthContext, @Query() query: ConflictQuery) {
    return this.conflictList.reconciliations(auth, query.status);
  }

  @ApiBearerAuth()
  @Get('reconciliations/:id')
  @ApiOperation({ summary: "A reconciliation's cells with each OPD's figure, explanation and proposal" })
  reconciliation(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string) {
    return this.conflictList.reconciliation(auth, id);
  }

  @ApiBearerAuth()
  @Post('reconciliations/:id/decisions')
  @ApiOperation({
    summary: "WALIDATA: decide a reconciliation's cells, one by one or one OPD's figure for many at once",
  })
  decideReconciliation(
    @Auth() auth: AuthContext,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ReconciliationDecisionDto,
  ) {
    return this.conflictResolution.decide(auth, id, dto);
  }

  @ApiBearerAuth()
  @Post('figures/revisions')
  @ApiOperation({ summary: 'WALIDATA: revise a published figure, with the reason (the old one is kept)' })
  revise(@Auth() auth: AuthContext, @Body() dto: FigureRevisionDto) {
    return this.conflictResolution.revise(auth, dto);
  }

  @ApiBearerAuth()
  @Get('figures/revisions')
  @ApiOperation({ summary: 'The history of revised published figures' })
  revisions(@Auth() auth: AuthContext, @Query() query: PublishedQuery) {
    return this.conflictResolution.revisions(auth, query);
  }

  @ApiBearerAuth()
  @Get('overview')
  @ApiOperation({
    summary:
      'LEADERSHIP, WALIDATA, ADMIN: completeness per indicator and OPD, open conflicts, overdue requests',
  })
  overview(@Auth() auth: AuthContext) {
    return this.dataOverview.overview(auth);
  }
}
