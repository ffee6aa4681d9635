import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Auth, type AuthContext } from '../common/auth-context';
import { AcceptsIdempotencyKey, IdempotencyKey } from '../common/idempotency';
import { AddCommentDto } from './comments.dto';
import { CommentsService, type CommentSubjectKind } from './comments.service';

const UUID = new ParseUUIDPipe();
const READ = 'Whoever may read the object reads its comments (oldest first) and may comment';
const MENTIONS =
  'A mentioned OPD (`@DINSOS` in the body, or in `mentions`) is notified; an unknown code or an OPD that cannot see the object is a 400 naming it';

/** One pair of routes per kind of object: GET and POST `/<objects>/:id/comments`. */
@ApiTags('comments')
@ApiBearerAuth()
@Controller()
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  @Get('tasks/:id/comments')
  @ApiOkResponse({ description: READ })
  @ApiNotFoundResponse()
  @ApiForbiddenResponse({ description: 'The task belongs to an OPD the caller cannot see' })
  @ApiOperation({ summary: "A task's comments" })
  listOnTask(@Auth() auth: AuthContext, @Param('id', UUID) id: string) {
    return this.list(auth, 'TASK', id);
  }

  @Post('tasks/:id/comments')
  @ApiCreatedResponse({ description: `The comment as stored. ${MENTIONS}` })
  @ApiBadRequestResponse({ description: 'Empty or too long, or a mention that cannot be made' })
  @ApiNotFoundResponse()
  @ApiForbiddenResponse({ description: 'The task belongs to an OPD the caller cannot see' })
  @AcceptsIdempotencyKey('create')
  @ApiOperation({ summary: 'Comment on a task' })
  addOnTask(
    @Auth() auth: AuthContext,
    @Param('id', UUID) id: string,
    @Body() body: AddCommentDto,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.comments.add(auth, { kind: 'TASK', id }, body, key);
  }

  @Get('projects/:id/comments')
  @ApiOkResponse({ description: READ })
  @ApiNotFoundResponse()
  @ApiForbiddenResponse({ description: 'The caller’s OPD does not take part in the project' })
  @ApiOperation({ summary: "A project's comments" })
  listOnProject(@Auth() auth: AuthContext, @Param('id', UUID) id: string) {
    return this.list(auth, 'PROJECT', id);
  }

  @Post('projects/:id/comments')
  @ApiCreatedResponse({ description: `The comment as stored. ${MENTIONS}` })
  @ApiBadRequestResponse({ description: 'Empty or too long, or a mention that cannot be made' })
  @ApiNotFoundResponse()
  @ApiForbiddenResponse({ description: 'The caller’s OPD does not take part in the project' })
  @AcceptsIdempotencyKey('create')
  @ApiOperation({ summary: 'Comment on a project' })
  addOnProject(
    @Auth() auth: AuthContext,
    @Param('id', UUID) id: string,
    @Body() body: AddCommentDto,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.comments.add(auth, { kind: 'PROJECT', id }, body, key);
  }

  @Get('incidents/:id/comments')
  @ApiOkResponse({ description: READ })
  @ApiNotFoundResponse()
  @ApiForbiddenResponse({ description: 'The caller’s OPD is not mobilised for the incident' })
  @ApiOperation({ summary: "An incident's comments" })
  listOnIncident(@Auth() auth: AuthContext, @Param('id', UUID) id: string) {
    return this.list(auth, 'INCIDENT', id);
  }

  @Post('incidents/:id/comments')
  @ApiCreatedResponse({ description: `The comment as stored. ${MENTIONS}` })
  @ApiBadRequestResponse({ description: 'Empty or too long, or a mention that cannot be made' })
  @ApiNotFoundResponse()
  @ApiForbiddenResponse({ description: 'The caller’s OPD is not mobilised for the incident' })
  @AcceptsIdempotencyKey('create')
  @ApiOperation({ summary: 'Comment on an incident' })
  addOnIncident(
    @Auth() auth: AuthContext,
    @Param('id', UUID) id: string,
    @Body() body: AddCommentDto,
    @IdempotencyKey() key: string | undefined,
  ) {
    return this.comments.add(auth, { kind: 'INCIDENT', id }, body, key);
  }

  private list(auth: AuthContext, kind: CommentSubjectKind, id: string) {
    return this.comments.list(auth, { kind, id });
  }
}
