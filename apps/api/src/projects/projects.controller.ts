import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Auth, type AuthContext } from '../common/auth-context';
import { CreateProjectDto, ListProjectsQuery } from './projects.dto';
import { ProjectsService } from './projects.service';

@ApiTags('projects')
@ApiBearerAuth()
@Controller('projects')
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  @Post()
  @ApiCreatedResponse({
    description: 'The joint-project workflow was started; tasks appear in each OPD inbox',
  })
  @ApiBadRequestResponse({ description: 'Invalid body or unknown OPD codes, with field-level messages' })
  @ApiForbiddenResponse({ description: 'The caller may not start joint projects' })
  create(@Auth() auth: AuthContext, @Body() body: CreateProjectDto) {
    return this.projects.create(auth, body);
  }

  @Get()
  list(@Auth() auth: AuthContext, @Query() query: ListProjectsQuery) {
    return this.projects.list(auth, query);
  }

  @Get(':id')
  @ApiNotFoundResponse()
  @ApiForbiddenResponse({ description: "The caller's OPD does not take part in the project" })
  get(@Auth() auth: AuthContext, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.projects.get(auth, id);
  }

  @Get(':id/audit')
  @ApiNotFoundResponse()
  @ApiForbiddenResponse()
  audit(@Auth() auth: AuthContext, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.projects.auditTrail(auth, id);
  }
}
