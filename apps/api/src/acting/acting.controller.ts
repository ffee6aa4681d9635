import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
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
import { ActingListQuery, CandidatesQuery, CreateActingDto } from './acting.dto';
import { ActingService } from './acting.service';

@ApiTags('acting')
@ApiBearerAuth()
@Controller('acting-appointments')
export class ActingController {
  constructor(private readonly acting: ActingService) {}

  @Post()
  @ApiOperation({
    summary: 'Appoint a Plt. or Plh.',
    description:
      "The acting user answers the post's escalations and hears of them instead of its holder, from startsOn to " +
      'endsOn (Asia/Jakarta, inclusive). An admin appoints to any post, a Kepala OPD to their own, the Bupati ' +
      "to the Sekda's.",
  })
  @ApiCreatedResponse({ description: 'The appointment' })
  @ApiBadRequestResponse({
    description: 'Names the field: dates, user (inactive, the holder, yourself), OPD',
  })
  @ApiForbiddenResponse({ description: 'The caller may not appoint to this post' })
  @ApiConflictResponse({ description: 'The post already has a Plt./Plh. on one of these days' })
  create(@Auth() auth: AuthContext, @Body() body: CreateActingDto) {
    return this.acting.create(auth, body);
  }

  @Get()
  @ApiOperation({
    summary: 'Plt./Plh. appointments',
    description:
      'Leadership and admins read all; a Kepala OPD those of their own post; everyone their own appointments.',
  })
  @ApiOkResponse({
    description: 'Appointments, earliest first, each with its label and whether it is in force',
  })
  list(@Auth() auth: AuthContext, @Query() query: ActingListQuery) {
    return this.acting.list(auth, query);
  }

  @Get('candidates')
  @ApiOkResponse({ description: 'Active users who may be appointed to the post' })
  @ApiForbiddenResponse({ description: 'The caller may not appoint to this post' })
  @ApiOperation({ summary: 'Who may be appointed Plt./Plh. to a post' })
  candidates(@Auth() auth: AuthContext, @Query() query: CandidatesQuery) {
    return this.acting.candidates(auth, query);
  }

  @Post(':id/end')
  @HttpCode(200)
  @ApiOperation({ summary: 'End an appointment early (or cancel one not yet begun)' })
  @ApiOkResponse({ description: 'The ended appointment' })
  @ApiNotFoundResponse()
  @ApiForbiddenResponse({ description: 'The caller may not appoint to this post' })
  @ApiConflictResponse({ description: 'Already ended or over' })
  end(@Auth() auth: AuthContext, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.acting.end(auth, id);
  }
}
