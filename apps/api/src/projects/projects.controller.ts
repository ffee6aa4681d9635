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
  AddAgencyDto,
  CancelProjectDto,
  CreateFromTemplateDto,
  CreateProjectDto,
  ListProjectsQuery,
} from './projects.dto';
import { ProjectsService } from './projects.service';

@ApiTags('projects')
@ApiBearerAuth()
@Controller('projects')
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  @Post()
  @ApiCreatedResponse({ description: 'An ad-hoc project started: one task per OPD, in parallel' })
  @ApiBadRequestResponse({ description: 'Invalid body or unknown OPD codes, with field-level messages' })
  @ApiForbiddenResponse({ description: 'The caller may not start joint projects (LEAD, LEADERSHIP)' })
  @AcceptsIdempotencyKey('create')
  @ApiOperation({ summary: 'Start an ad-hoc joint project' })
  create(
    @Auth() auth: AuthContext,
    @Body() body: CreateProjectDto,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.projects.create(auth, body, key);
  }

  @Post('from-template')
  @ApiCreatedResponse({
    description:
      "A project started from a template version; tasks appear in each OPD's inbox as steps become ready",
  })
  @ApiBadRequestResponse({
    description: 'Missing or invalid parameters, or an owner that cannot be resolved',
  })
  @ApiNotFoundResponse({ description: 'No such template (version)' })
  @ApiForbiddenResponse()
  @AcceptsIdempotencyKey('create')
  @ApiOperation({ summary: 'Start a joint project from a template' })
  createFromTemplate(
    @Auth() auth: AuthContext,
    @Body() body: CreateFromTemplateDto,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.projects.createFromTemplate(auth, body, key);
  }

  @Get()
  @ApiOkResponse({ description: 'Projects the caller may see, newest first, paginated' })
  @ApiOperation({ summary: 'List the projects the caller may see' })
  list(@Auth() auth: AuthContext, @Query() query: ListProjectsQuery) {
    return this.projects.list(auth, query);
  }

  @Get('overview')
  @ApiOkResponse({
    description: 'Projects by status, open and overdue tasks, open escalations (own OPD for a Kepala OPD)',
  })
  @ApiForbiddenResponse()
  @ApiOperation({ summary: 'Overview of projects, open and overdue tasks' })
  overview(@Auth() auth: AuthContext) {
    return this.projects.overview(auth);
  }

  @Get(':id')
  @ApiOkResponse({ description: 'The project with its step graph (OPD per step, late steps flagged)' })
  @ApiNotFoundResponse()
  @ApiForbiddenResponse({ description: "The caller's OPD does not take part in the project" })
  @ApiOperation({ summary: 'One project with its step graph' })
  get(@Auth() auth: AuthContext, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.projects.get(auth, id);
  }

  @Get(':id/audit')
  @ApiOkResponse({
    description: 'The timeline: every assignment, contribution, review, reminder, escalation, instruction',
  })
  @ApiNotFoundResponse()
  @ApiForbiddenResponse()
  @ApiOperation({ summary: "A project's timeline (audit trail)" })
  audit(@Auth() auth: AuthContext, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.projects.auditTrail(auth, id);
  }

  @Post(':id/agencies')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The OPD joined the project with a task of its own' })
  @ApiForbiddenResponse({ description: 'Only the project lead adds an OPD' })
  @ApiConflictResponse({ description: 'The project is no longer active' })
  @AcceptsIdempotencyKey('action')
  @ApiOperation({ summary: 'Add an OPD to a running project' })
  addAgency(
    @Auth() auth: AuthContext,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AddAgencyDto,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.projects.addAgency(auth, id, body, key);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The project and its open tasks are cancelled' })
  @ApiForbiddenResponse({ description: 'Only the project lead or leadership cancels' })
  @ApiConflictResponse({ description: 'The project is no longer active' })
  @AcceptsIdempotencyKey('action')
  @ApiOperation({ summary: 'Cancel a project and its open tasks' })
  cancel(
    @Auth() auth: AuthContext,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CancelProjectDto,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.projects.cancel(auth, id, body, key);
  }
}
