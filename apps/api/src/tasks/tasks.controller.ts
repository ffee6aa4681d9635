import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
import { Auth, type AuthContext } from '../common/auth-context';
import { AcceptsIdempotencyKey, IdempotencyKey } from '../common/idempotency';
import { PageQuery } from '../common/pagination';
import { InboxQuery, ReassignDto, ReviewDto, SubmitContributionDto } from './tasks.dto';
import { TasksService } from './tasks.service';

const UUID = new ParseUUIDPipe();

@ApiTags('tasks')
@ApiBearerAuth()
@Controller()
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get('inbox')
  @ApiOkResponse({ description: "Kotak Tugas: tasks of the caller's OPD, filtered and paginated" })
  @ApiOperation({ summary: "Kotak Tugas: the caller's OPD's tasks" })
  inbox(@Auth() auth: AuthContext, @Query() query: InboxQuery) {
    return this.tasks.inbox(auth, query);
  }

  @Get('reviews')
  @ApiOkResponse({
    description:
      'Submissions waiting for review in the projects the caller leads, the review due first (then the oldest)',
  })
  @ApiOperation({ summary: "Perlu ditinjau: the lead's review queue" })
  reviews(@Auth() auth: AuthContext, @Query() query: PageQuery) {
    return this.tasks.reviews(auth, query);
  }

  @Get('tasks/:id')
  @ApiOkResponse({ description: 'The task with its instructions and contribution form' })
  @ApiNotFoundResponse()
  @ApiForbiddenResponse({ description: 'The task belongs to an OPD the caller cannot see' })
  @ApiOperation({ summary: 'One task with its instructions and form' })
  get(@Auth() auth: AuthContext, @Param('id', UUID) id: string) {
    return this.tasks.get(auth, id);
  }

  @Get('tasks/:id/handover-candidates')
  @ApiOkResponse({
    description: "The active staff and Kepala of the task's OPD, the current holder left out",
  })
  @ApiNotFoundResponse()
  @ApiForbiddenResponse({ description: "Only the task's Kepala OPD (or their Plt./Plh.) hands a task over" })
  @ApiConflictResponse({ description: 'The task is submitted or finished: nothing to hand over' })
  @ApiOperation({ summary: 'Whom a task can be handed to within its OPD' })
  handoverCandidates(@Auth() auth: AuthContext, @Param('id', UUID) id: string) {
    return this.tasks.handoverCandidates(auth, id);
  }

  @Get('tasks/:id/history')
  @ApiNotFoundResponse()
  @ApiForbiddenResponse()
  @ApiOperation({ summary: "A task's history" })
  history(@Auth() auth: AuthContext, @Param('id', UUID) id: string) {
    return this.tasks.history(auth, id);
  }

  @Get('tasks/:id/contributions')
  @ApiOkResponse({ description: 'Every submitted version with its review' })
  @ApiNotFoundResponse()
  @ApiForbiddenResponse()
  @ApiOperation({ summary: "A task's submitted contributions with their reviews" })
  contributions(@Auth() auth: AuthContext, @Param('id', UUID) id: string) {
    return this.tasks.contributions(auth, id);
  }

  @Post('tasks/:id/claim')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The caller now works the task' })
  @ApiForbiddenResponse({ description: "Another OPD's task, or a role that does not work tasks" })
  @ApiConflictResponse({ description: 'The task is not waiting to be claimed' })
  @AcceptsIdempotencyKey('action')
  @ApiOperation({ summary: 'Claim a task' })
  claim(@Auth() auth: AuthContext, @Param('id', UUID) id: string, @IdempotencyKey() key: string | undefined) {
    return this.tasks.claim(auth, id, key);
  }

  @Post('tasks/:id/release')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Nobody holds the task now: a colleague may claim it' })
  @ApiForbiddenResponse({
    description:
      "Another OPD's task, or someone else holds it (only the holder or their Kepala OPD releases)",
  })
  @ApiConflictResponse({ description: 'Nobody holds the task, or it is submitted or finished' })
  @AcceptsIdempotencyKey('action')
  @ApiOperation({ summary: 'Release a claimed task' })
  release(
    @Auth() auth: AuthContext,
    @Param('id', UUID) id: string,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.tasks.release(auth, id, key);
  }

  @Post('tasks/:id/contribution')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Submitted for review by the project lead' })
  @ApiBadRequestResponse({
    description: 'The values do not match the form: one message per wrong field or cell',
  })
  @ApiForbiddenResponse()
  @ApiConflictResponse({ description: 'Already submitted, or the task is finished' })
  @AcceptsIdempotencyKey('action')
  @ApiOperation({ summary: 'Submit a contribution for review' })
  submit(
    @Auth() auth: AuthContext,
    @Param('id', UUID) id: string,
    @Body() body: SubmitContributionDto,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.tasks.submit(auth, id, body, key);
  }

  @Post('tasks/:id/review')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Accepted (the task is done) or returned for revision with a reason' })
  @ApiForbiddenResponse({ description: 'Only the project lead reviews' })
  @ApiConflictResponse({ description: 'Nothing is waiting for review' })
  @AcceptsIdempotencyKey('action')
  @ApiOperation({ summary: 'Accept or return a contribution' })
  review(
    @Auth() auth: AuthContext,
    @Param('id', UUID) id: string,
    @Body() body: ReviewDto,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.tasks.review(auth, id, body, key);
  }

  @Post('tasks/:id/reassign')
  @HttpCode(200)
  @ApiOkResponse({
    description: 'Moved to another OPD (lead; counted) or to another staff member (Kepala OPD)',
  })
  @ApiForbiddenResponse()
  @ApiConflictResponse()
  @AcceptsIdempotencyKey('action')
  @ApiOperation({ summary: 'Reassign a task to another OPD or staff member' })
  reassign(
    @Auth() auth: AuthContext,
    @Param('id', UUID) id: string,
    @Body() body: ReassignDto,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.tasks.reassign(auth, id, body, key);
  }
}
