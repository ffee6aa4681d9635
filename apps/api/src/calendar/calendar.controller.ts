import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Put,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { audit, type Tx } from '@gotong/database/audit';
import { DATABASE } from '@gotong/database/database.module';
import type { Database } from '@gotong/database/prisma';
import { DEFAULT_OFFICE_HOURS, JAKARTA_TIME_ZONE } from '@gotong/domain/calendar';
import { AccessService } from '../common/access.service';
import { isDateOnly } from '../common/hostile-input';
import { Auth, type AuthContext } from '../common/auth-context';

export class HolidayQuery {
  @ApiPropertyOptional({ example: 2026 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

export class HolidayDto {
  @ApiProperty({ example: 'Hari Raya Idulfitri 1447 H' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: ['NATIONAL_HOLIDAY', 'CUTI_BERSAMA'] })
  @IsIn(['NATIONAL_HOLIDAY', 'CUTI_BERSAMA'])
  kind!: 'NATIONAL_HOLIDAY' | 'CUTI_BERSAMA';
}

/** The path's date, if it is a real one: Date.parse rolls 1999-02-30 over into March, so it is not the test. */
function checkDate(date: string): string {
  if (!isDateOnly(date)) {
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: [`date: ${date} is not a date (YYYY-MM-DD)`],
    });
  }
  return date;
}

/** The working-day calendar as data: office hours and the national holidays and cuti bersama per year. */
@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly access: AccessService,
  ) {}

  @Get()
  @ApiOkResponse({ description: 'Time zone, office hours and holidays (of a year, or all)' })
  @ApiOperation({ summary: 'The working calendar: time zone, office hours, holidays' })
  async calendar(@Query() query: HolidayQuery) {
    const holidays = await this.db.holiday.findMany({
      where: query.year ? { date: { startsWith: `${query.year}-` } } : {},
      orderBy: { date: 'asc' },
    });
    return { timeZone: JAKARTA_TIME_ZONE, officeHours: DEFAULT_OFFICE_HOURS, holidays };
  }

  @Put('holidays/:date')
  @ApiOkResponse({ description: 'Adds or renames a holiday; projects started afterwards use it' })
  @ApiForbiddenResponse({ description: 'ADMIN only' })
  @ApiOperation({ summary: 'Add or rename a holiday' })
  put(@Auth() auth: AuthContext, @Param('date') date: string, @Body() body: HolidayDto) {
    this.access.requireRole(auth, 'calendar.write');
    const day = checkDate(date);
    return this.db.$transaction(async (tx) => {
      const before = await tx.holiday.findUnique({ where: { date: day } });
      const holiday = await tx.holiday.upsert({
        where: { date: day },
        create: { date: day, ...body },
        update: body,
      });
      await holidayAudit(tx, auth, before ? 'HOLIDAY_CHANGED' : 'HOLIDAY_ADDED', day, {
        name: holiday.name,
        kind: holiday.kind,
        previous: before ? { name: before.name, kind: before.kind } : null,
      });
      return holiday;
    });
  }

  @Delete('holidays/:date')
  @HttpCode(204)
  @ApiForbiddenResponse({ description: 'ADMIN only' })
  @ApiOperation({ summary: 'Remove a holiday' })
  async remove(@Auth() auth: AuthContext, @Param('date') date: string): Promise<void> {
    this.access.requireRole(auth, 'calendar.write');
    const day = checkDate(date);
    await this.db.$transaction(async (tx) => {
      const removed = await tx.holiday.findUnique({ where: { date: day } });
      const { count } = await tx.holiday.deleteMany({ where: { date: day } });
      if (!removed || count === 0) throw new NotFoundException(`no holiday on ${date}`);
      await holidayAudit(tx, auth, 'HOLIDAY_REMOVED', day, { name: removed.name, kind: removed.kind });
    });
  }
}

/** A change of the working-day calendar, in the same transaction as the change (one event per change). */
function holidayAudit(
  tx: Tx,
  auth: AuthContext,
  action: string,
  date: string,
  detail: Record<string, unknown>,
) {
  return audit(tx, {
    eventKey: `holiday:${date}:${action.toLowerCase()}:${randomUUID()}`,
    action,
    actorUserId: auth.userId,
    actorAgencyId: auth.agencyId,
    detail: { date, ...detail },
    occurredAt: new Date(),
  });
}
