import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { IsDateOrInstant } from '../common/hostile-input';
import { PageQuery } from '../common/pagination';

const STATUSES = [
  'ASSIGNED',
  'CLAIMED',
  'SUBMITTED',
  'RETURNED',
  'COMPLETED',
  'CANCELLED',
  'CLOSED',
] as const;
/** The states in which work is open: the OPD owes it (assigned, claimed, returned) or its lead reviews it. */
export const OPEN_STATUSES = ['ASSIGNED', 'CLAIMED', 'RETURNED', 'SUBMITTED'] as const;
const SCOPES = ['open', 'all'] as const;
const bool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class InboxQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: STATUSES,
    description: 'Only tasks in this state (any state, whatever the scope)',
  })
  @IsOptional()
  @IsIn(STATUSES)
  status?: (typeof STATUSES)[number];

  @ApiPropertyOptional({
    enum: SCOPES,
    description:
      'open: work not finished (assigned, claimed, returned, submitted); all: finished work too. Default open, ' +
      "or all when projectId is given (one project's tasks). Ignored when status is given",
  })
  @IsOptional()
  @IsIn(SCOPES)
  scope?: (typeof SCOPES)[number];

  @ApiPropertyOptional({ description: 'Only the tasks the caller holds (claimed by or handed to them)' })
  @IsOptional()
  @Transform(bool)
  @IsBoolean()
  mine?: boolean;

  @ApiPropertyOptional({ description: 'Only tasks the OPD still owes that are past their deadline' })
  @IsOptional()
  @Transform(bool)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'Only tasks of this project' })
  @IsOptional()
  @IsUUID()
  projectId?: string;

  @ApiPropertyOptional({ description: 'Only tasks due before this instant (ISO 8601), e.g. this week' })
  @IsOptional()
  // Strict: IsDateString let 1999-02-30 through, which Date then rolled over into 2 March.
  @IsDateOrInstant()
  dueBefore?: string;
}

export class SubmitContributionDto {
  @ApiProperty({
    example: { jumlahBalitaDiukur: { '35.13.08.2001': 120 }, jumlahBalitaStunting: { '35.13.08.2001': 14 } },
    description: "Values keyed by the step's form fields",
  })
  @IsObject()
  values!: Record<string, unknown>;

  @ApiPropertyOptional({
    example: { 'RT_MISKIN.35.13.08.2001': 'Pendataan ulang DTKS 2026 menambah 80 rumah tangga' },
    description:
      "For data requests: a reason per figure that jumps beyond the indicator's factor from the previous " +
      'period (keys as named in the 400 that asks for them)',
  })
  @IsOptional()
  @IsObject()
  confirmations?: Record<string, string>;
}

export class ReviewDto {
  @ApiProperty({ enum: ['ACCEPT', 'RETURN'] })
  @IsIn(['ACCEPT', 'RETURN'])
  decision!: 'ACCEPT' | 'RETURN';

  @ApiPropertyOptional({ description: 'Required when returning: what to revise' })
  @ValidateIf((o: ReviewDto) => o.decision === 'RETURN' || o.note !== undefined)
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'note is required when a contribution is returned' })
  @MaxLength(4000)
  note?: string;
}

export class ReassignDto {
  @ApiPropertyOptional({ example: 'DINSOS', description: 'Move the task to another OPD (project lead)' })
  @ValidateIf((o: ReassignDto) => o.toUserId === undefined)
  @IsString()
  @Matches(/^[A-Z0-9-]+$/, { message: 'toAgencyCode must be an OPD code such as DINSOS (or give toUserId)' })
  toAgencyCode?: string;

  @ApiPropertyOptional({ description: 'Hand the task to another staff member of the same OPD (Kepala OPD)' })
  @IsOptional()
  @IsUUID()
  toUserId?: string;

  @ApiProperty({ example: 'Data kemiskinan dikelola Dinsos' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}
