import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
import { Auth, type AuthContext } from '../common/auth-context';
import { AcceptsIdempotencyKey, IdempotencyKey } from '../common/idempotency';
import {
  AssignIncidentTaskDto,
  ChangeStatusDto,
  CloseRequestDto,
  CorrectSitrepDto,
  DeclareIncidentDto,
  ListIncidentsQuery,
  MobiliseDto,
  ReleaseDto,
  RequestResourceDto,
  ResolveSitrepConflictDto,
  SitrepHistoryQuery,
} from './incidents.dto';
import { IncidentsService } from './incidents.service';

const UUID = new ParseUUIDPipe();

@ApiTags('emergencies')
@ApiBearerAuth()
@Controller('incidents')
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  @Post()
  @ApiCreatedResponse({
    description:
      'Declared: the response matrix mobilises the OPD clusters, each with an acknowledgement task',
  })
  @ApiBadRequestResponse({
    description: 'Unknown type, severity or kecamatan, or desa outside the kecamatan',
  })
  @ApiForbiddenResponse({ description: 'Only BPBD staff or leadership declare' })
  @AcceptsIdempotencyKey(
    'create',
    'Without it, the same declaration by the same user within 2 minutes is taken for a repeat: it answers ' +
      'with the first incident instead of mobilising every OPD again.',
  )
  @ApiOperation({ summary: 'Declare an incident and mobilise OPDs' })
  declare(
    @Auth() auth: AuthContext,
    @Body() body: DeclareIncidentDto,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.incidents.declare(auth, body, key);
  }

  @Get()
  @ApiOkResponse({ description: 'Incidents the caller may see (mobilised OPDs; everything for leadership)' })
  @ApiOperation({ summary: 'List the incidents the caller may see' })
  list(@Auth() auth: AuthContext, @Query() query: ListIncidentsQuery) {
    return this.incidents.list(auth, query);
  }

  @Get(':id')
  @ApiOkResponse({
    description:
      'Dashboard: per-OPD acknowledgement and sitreps, roll-up by desa/kecamatan/kabupaten with conflicts, requests',
  })
  @ApiNotFoundResponse()
  @ApiForbiddenResponse({ description: 'The caller’s OPD is not mobilised' })
  @ApiOperation({ summary: "An incident's dashboard" })
  dashboard(@Auth() auth: AuthContext, @Param('id', UUID) id: string) {
    return this.incidents.dashboard(auth, id);
  }

  @Get(':id/sitreps')
  @ApiOkResponse({ description: 'Every sitrep as submitted, and the roll-up as known at a moment' })
  @ApiNotFoundResponse()
  @ApiForbiddenResponse()
  @ApiOperation({ summary: "An incident's sitreps and roll-up" })
  sitreps(@Auth() auth: AuthContext, @Param('id', UUID) id: string, @Query() query: SitrepHistoryQuery) {
    return this.incidents.sitreps(auth, id, query.asOf);
  }

  @Post(':id/sitreps/:taskId/corrections')
  @ApiCreatedResponse({
    description:
      'A new version of the sitrep, with its reason: the roll-up counts its figures from now on, and the ' +
      'timeline shows the reason',
  })
  @ApiBadRequestResponse({ description: 'No reason, or values the sitrep form refuses (each named)' })
  @ApiForbiddenResponse({ description: "Only the staff or head of the sitrep's OPD" })
  @ApiNotFoundResponse({ description: 'No such sitrep in this incident' })
  @ApiConflictResponse({
    description: "Not sent yet, not the OPD's latest sitrep, or the incident is closed",
  })
  @AcceptsIdempotencyKey('create')
  @ApiOperation({ summary: "Correct the caller's OPD's latest sitrep, with a reason" })
  correctSitrep(
    @Auth() auth: AuthContext,
    @Param('id', UUID) id: string,
    @Param('taskId', UUID) taskId: string,
    @Body() body: CorrectSitrepDto,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.incidents.correctSitrep(auth, id, taskId, body, key);
  }

  @Post(':id/conflicts/resolve')
  @HttpCode(200)
  @ApiOkResponse({
    description: 'The figure that counts for the desa and field: the roll-up uses it at once',
  })
  @ApiBadRequestResponse({
    description: 'Not a desa or sitrep field, neither or both of OPD and value, no note',
  })
  @ApiForbiddenResponse({ description: 'Only the command (BPBD) or leadership' })
  @ApiConflictResponse({
    description: 'No open conflict on that figure, an OPD that did not report it, or the incident is closed',
  })
  @AcceptsIdempotencyKey('action')
  @ApiOperation({ summary: 'Resolve a sitrep conflict: pick an OPD’s figure or enter a verified one' })
  resolveConflict(
    @Auth() auth: AuthContext,
    @Param('id', UUID) id: string,
    @Body() body: ResolveSitrepConflictDto,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.incidents.resolveConflict(auth, id, body, key);
  }

  @Post(':id/requests/:requestId/close')
  @HttpCode(200)
  @ApiOkResponse({ description: 'A partly received request closed: the rest is no longer needed' })
  @ApiBadRequestResponse({ description: 'No reason' })
  @ApiForbiddenResponse({ description: 'Only staff or the head of the requesting OPD' })
  @ApiNotFoundResponse({ description: 'No such request in this incident' })
  @ApiConflictResponse({ description: 'The request is not partly received' })
  @AcceptsIdempotencyKey('action')
  @ApiOperation({ summary: 'Close a partly received resource request, with a reason' })
  closeRequest(
    @Auth() auth: AuthContext,
    @Param('id', UUID) id: string,
    @Param('requestId', UUID) requestId: string,
    @Body() body: CloseRequestDto,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.incidents.closeRequest(auth, id, requestId, body, key);
  }

  @Post(':id/status')
  @HttpCode(200)
  @ApiOkResponse({
    description:
      'Siaga → tanggap → transisi → closed, recorded with who declared it; closing writes the after-action summary',
  })
  @ApiForbiddenResponse({ description: 'Only the command (BPBD) or leadership' })
  @ApiConflictResponse({ description: 'Not a permitted transition' })
  @AcceptsIdempotencyKey('action')
  @ApiOperation({ summary: "Change an incident's status" })
  changeStatus(
    @Auth() auth: AuthContext,
    @Param('id', UUID) id: string,
    @Body() body: ChangeStatusDto,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.incidents.changeStatus(auth, id, body, key);
  }

  @Post(':id/agencies')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Another OPD mobilised, with its acknowledgement task and sitreps' })
  @ApiForbiddenResponse()
  @AcceptsIdempotencyKey('action')
  @ApiOperation({ summary: 'Mobilise another OPD for an incident' })
  mobilise(
    @Auth() auth: AuthContext,
    @Param('id', UUID) id: string,
    @Body() body: MobiliseDto,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.incidents.mobilise(auth, id, body, key);
  }

  @Post(':id/agencies/:agencyCode/release')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The OPD is released: no further sitreps' })
  @ApiForbiddenResponse()
  @AcceptsIdempotencyKey('action')
  @ApiOperation({ summary: 'Release an OPD from an incident' })
  release(
    @Auth() auth: AuthContext,
    @Param('id', UUID) id: string,
    @Param('agencyCode') agencyCode: string,
    @Body() body: ReleaseDto,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.incidents.release(auth, id, agencyCode, body, key);
  }

  @Post(':id/tasks')
  @HttpCode(200)
  @ApiOkResponse({
    description: 'A task for a mobilised OPD, due in minutes or hours and escalated like any task',
  })
  @ApiForbiddenResponse()
  @AcceptsIdempotencyKey('action')
  @ApiOperation({ summary: 'Give a mobilised OPD a task' })
  assignTask(
    @Auth() auth: AuthContext,
    @Param('id', UUID) id: string,
    @Body() body: AssignIncidentTaskDto,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.incidents.assignTask(auth, id, body, key);
  }

  @Post(':id/requests')
  @ApiCreatedResponse({ description: 'The caller’s OPD asks another mobilised OPD for resources' })
  @ApiForbiddenResponse()
  @AcceptsIdempotencyKey('create')
  @ApiOperation({ summary: 'Ask another mobilised OPD for resources' })
  requestResource(
    @Auth() auth: AuthContext,
    @Param('id', UUID) id: string,
    @Body() body: RequestResourceDto,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.incidents.requestResource(auth, id, body, key);
  }
}
