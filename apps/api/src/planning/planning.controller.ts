import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Auth, type AuthContext } from '../common/auth-context';
import { ParseInt4Pipe } from '../common/hostile-input';
import { AcceptsIdempotencyKey, IdempotencyKey } from '../common/idempotency';
import {
  AssignProposalDto,
  CreatePlanningYearDto,
  FileProposalDto,
  ListProposalsQuery,
  SetPlanningStagesDto,
} from './planning.dto';
import { PlanningService } from './planning.service';

const UUID = new ParseUUIDPipe();
const YEAR = new ParseInt4Pipe();

@ApiTags('planning')
@ApiBearerAuth()
@Controller('planning')
export class PlanningController {
  constructor(private readonly planning: PlanningService) {}

  @Get('topics')
  @ApiOkResponse({ description: 'Musrenbang topics and the OPDs that decide each (empty: BAPPEDA assigns)' })
  @ApiOperation({ summary: 'Musrenbang topics and their OPDs' })
  topics() {
    return this.planning.topics();
  }

  @Post('years')
  @ApiCreatedResponse({ description: 'The year opened: its planning cycle workflow runs the stages' })
  @ApiBadRequestResponse({
    description: 'Stage dates missing, out of order or outside the year before (each named)',
  })
  @ApiForbiddenResponse({ description: 'Only a LEAD or the head of BAPPEDA, or an admin' })
  @ApiConflictResponse({ description: 'The year exists already' })
  @ApiOperation({ summary: 'Open an RKPD planning year with its stage calendar' })
  createYear(@Auth() auth: AuthContext, @Body() body: CreatePlanningYearDto) {
    return this.planning.createYear(auth, body);
  }

  @Get('years')
  @ApiOkResponse({ description: 'Every planning year, newest first' })
  @ApiOperation({ summary: 'List the planning years' })
  listYears() {
    return this.planning.listYears();
  }

  @Get('years/:year')
  @ApiOkResponse({ description: 'The year: its stages, where it stands, its status' })
  @ApiNotFoundResponse()
  @ApiOperation({ summary: 'A planning year' })
  getYear(@Param('year', YEAR) year: number) {
    return this.planning.getYear(year);
  }

  @Patch('years/:year/stages')
  @ApiOkResponse({ description: 'The new calendar: the workflow follows it at once' })
  @ApiBadRequestResponse({
    description: 'A past date changed, a new date not in the future, or a bad calendar',
  })
  @ApiForbiddenResponse({ description: 'Only a LEAD or the head of BAPPEDA, or an admin' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The year is consolidating or closed' })
  @ApiOperation({ summary: "Move a planning year's future stage dates" })
  setStages(
    @Auth() auth: AuthContext,
    @Param('year', YEAR) year: number,
    @Body() body: SetPlanningStagesDto,
  ) {
    return this.planning.setStages(auth, year, body);
  }

  @Post('years/:year/proposals')
  @ApiCreatedResponse({
    description: 'The proposal; routed to its OPDs when Musrenbang kecamatan ends (at once after)',
  })
  @ApiBadRequestResponse({
    description: 'A desa outside the kecamatan, an unknown topic, texts too short (each named)',
  })
  @ApiForbiddenResponse({
    description: 'Only the staff or head of the kecamatan office, for its own kecamatan',
  })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'Proposals closed with the end of the Forum Perangkat Daerah' })
  @AcceptsIdempotencyKey('create')
  @ApiOperation({ summary: 'Enter a Musrenbang proposal of a desa' })
  fileProposal(
    @Auth() auth: AuthContext,
    @Param('year', YEAR) year: number,
    @Body() body: FileProposalDto,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.planning.fileProposal(auth, year, body, key);
  }

  @Get('years/:year/proposals')
  @ApiOkResponse({
    description:
      'Proposals the caller may see: its kecamatan’s, those routed to its OPD; all for BAPPEDA and leadership',
  })
  @ApiNotFoundResponse()
  @ApiOperation({ summary: "List a year's proposals" })
  listProposals(
    @Auth() auth: AuthContext,
    @Param('year', YEAR) year: number,
    @Query() query: ListProposalsQuery,
  ) {
    return this.planning.listProposals(auth, year, query);
  }

  @Get('years/:year/proposals/:id')
  @ApiOkResponse({
    description: 'The proposal with every OPD’s decision (activity, budget line, pagu or reason)',
  })
  @ApiForbiddenResponse({ description: 'Not its kecamatan, not one of its OPDs, not BAPPEDA or leadership' })
  @ApiNotFoundResponse()
  @ApiOperation({ summary: 'A proposal and its OPDs’ decisions' })
  getProposal(@Auth() auth: AuthContext, @Param('year', YEAR) year: number, @Param('id', UUID) id: string) {
    return this.planning.getProposal(auth, year, id);
  }

  @Post('years/:year/proposals/:id/assign')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Assigned: the proposal is routed to these OPDs' })
  @ApiBadRequestResponse({ description: 'An unknown, deactivated or kecamatan agency' })
  @ApiForbiddenResponse({ description: 'Only BAPPEDA or an admin' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The proposal is not unowned, or the year is closed' })
  @ApiOperation({ summary: 'Assign an unowned proposal to OPDs' })
  assign(
    @Auth() auth: AuthContext,
    @Param('year', YEAR) year: number,
    @Param('id', UUID) id: string,
    @Body() body: AssignProposalDto,
  ) {
    return this.planning.assign(auth, year, id, body);
  }

  @Get('years/:year/overview')
  @ApiOkResponse({
    description: 'Per kecamatan and per OPD: proposals, unowned, accepted, declined, late, escalated',
  })
  @ApiForbiddenResponse({ description: 'Only BAPPEDA, leadership and admins' })
  @ApiNotFoundResponse()
  @ApiOperation({ summary: "A planning year's figures" })
  overview(@Auth() auth: AuthContext, @Param('year', YEAR) year: number) {
    return this.planning.overview(auth, year);
  }
}
