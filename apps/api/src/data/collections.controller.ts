import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, type AuthContext } from '../common/auth-context';
import { CollectionNoteDto, CollectionTriggerDto, DataCollectionDto } from './collections.dto';
import { CollectionsService } from './collections.service';

/** Recurring data collections on Temporal Schedules (WALIDATA, LEAD: the data.request roles). */
@ApiTags('data satu pintu')
@ApiBearerAuth()
@Controller('data/collections')
export class CollectionsController {
  constructor(private readonly collections: CollectionsService) {}

  @Post()
  @ApiOperation({
    summary: 'Define a recurring collection: indicators, areas, periodicity and deadline rule',
  })
  create(@Auth() auth: AuthContext, @Body() dto: DataCollectionDto) {
    return this.collections.create(auth, dto);
  }

  @Get()
  @ApiOperation({ summary: 'The collections, with opened and missed periods and the next one' })
  list(@Auth() auth: AuthContext) {
    return this.collections.list(auth);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A collection: its periods (opened, missed, upcoming) and its schedule' })
  get(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string) {
    return this.collections.get(auth, id);
  }

  @Post(':id/pause')
  @ApiOperation({ summary: 'Pause the schedule, with a note' })
  pause(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CollectionNoteDto) {
    return this.collections.pause(auth, id, dto.note);
  }

  @Post(':id/resume')
  @ApiOperation({ summary: 'Resume the schedule, with a note' })
  resume(@Auth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CollectionNoteDto) {
    return this.collections.resume(auth, id, dto.note);
  }

  @Post(':id/trigger')
  @ApiOperation({ summary: 'Open the period that ended last now, or catch up a missed period' })
  trigger(
    @Auth() auth: AuthContext,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CollectionTriggerDto,
  ) {
    return this.collections.trigger(auth, id, dto);
  }
}
