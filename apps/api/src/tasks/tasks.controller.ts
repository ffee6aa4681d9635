import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Auth, type AuthContext } from '../common/auth-context';
import { CompleteTaskDto, InboxQuery } from './tasks.dto';
import { TasksService } from './tasks.service';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller()
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get('inbox')
  @ApiOkResponse({ description: "Tasks of the caller's OPD (Kotak Tugas), paginated" })
  inbox(@Auth() auth: AuthContext, @Query() query: InboxQuery) {
    return this.tasks.inbox(auth, query);
  }

  @Get('tasks/:id')
  @ApiNotFoundResponse()
  @ApiForbiddenResponse({ description: 'The task belongs to an OPD the caller cannot see' })
  get(@Auth() auth: AuthContext, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.tasks.get(auth, id);
  }

  @Get('tasks/:id/history')
  @ApiNotFoundResponse()
  @ApiForbiddenResponse()
  history(@Auth() auth: AuthContext, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.tasks.history(auth, id);
  }

  @Post('tasks/:id/complete')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The task is completed; returns its final state' })
  @ApiForbiddenResponse({
    description: "The task belongs to another OPD, or the caller's role does not work tasks",
  })
  @ApiConflictResponse({ description: 'The task is no longer open' })
  complete(
    @Auth() auth: AuthContext,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CompleteTaskDto,
  ) {
    return this.tasks.complete(auth, id, body);
  }
}
