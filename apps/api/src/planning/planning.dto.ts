import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
} from 'class-validator';
import {
  MAX_ASSIGNED_AGENCIES,
  MAX_PLANNING_YEAR,
  MAX_PROPOSAL_PRIORITY,
  MIN_PLANNING_YEAR,
  PLANNING_STAGES,
  PLANNING_TOPIC_KEYS,
  PROPOSAL_STATUSES,
  type StageCalendar,
} from '@gotong/domain/planning';
import { PageQuery } from '../common/pagination';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

const STAGES_SCHEMA: ApiPropertyOptions = {
  type: 'object',
  description:
    'One { start, end } per stage (ISO-8601 instants with an offset), in order: ' +
    PLANNING_STAGES.join(', '),
  properties: Object.fromEntries(
    PLANNING_STAGES.map((s) => [
      s,
      {
        type: 'object',
        properties: {
          start: { type: 'string', format: 'date-time' },
          end: { type: 'string', format: 'date-time' },
        },
        required: ['start', 'end'],
      },
    ]),
  ),
  required: [...PLANNING_STAGES],
};

export class CreatePlanningYearDto {
  @ApiProperty({
    example: 2027,
    minimum: MIN_PLANNING_YEAR,
    maximum: MAX_PLANNING_YEAR,
    description: 'The RKPD year',
  })
  @IsInt()
  @Min(MIN_PLANNING_YEAR)
  @Max(MAX_PLANNING_YEAR)
  year!: number;

  // The calendar is judged by stageCalendarProblems (libs/domain/src/planning), which names each field.
  @ApiProperty(STAGES_SCHEMA)
  @IsObject()
  stages!: StageCalendar;
}

export class SetPlanningStagesDto {
  @ApiProperty(STAGES_SCHEMA)
  @IsObject()
  stages!: StageCalendar;
}

export class FileProposalDto {
  @ApiProperty({ example: '35.13.07', description: "Kode wilayah of the caller's kecamatan" })
  @IsString()
  @Matches(/^\d{2}\.\d{2}\.\d{2}$/, { message: 'kecamatan must be a kode wilayah such as 35.13.07' })
  kecamatan!: string;

  @ApiProperty({
    example: '35.13.07.2001',
    description: 'Kode wilayah of a desa or kelurahan in the kecamatan',
  })
  @IsString()
  @Matches(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/, { message: 'desa must be a kode wilayah such as 35.13.07.2001' })
  desa!: string;

  @ApiProperty({ example: 'Pelebaran jalan poros desa', minLength: 3, maxLength: 200 })
  @Transform(trim)
  @IsString()
  title!: string;

  @ApiProperty({
    example: 'Jalan poros sempit dan rusak, truk hasil panen tidak bisa lewat.',
    maxLength: 2000,
  })
  @Transform(trim)
  @IsString()
  problem!: string;

  @ApiProperty({ example: 'Pelebaran dan pengaspalan jalan poros 1,2 km.', maxLength: 2000 })
  @Transform(trim)
  @IsString()
  proposedActivity!: string;

  @ApiProperty({ enum: PLANNING_TOPIC_KEYS, example: 'jalan-jembatan' })
  @IsIn(PLANNING_TOPIC_KEYS)
  topic!: string;

  @ApiProperty({
    example: 1,
    minimum: 1,
    maximum: MAX_PROPOSAL_PRIORITY,
    description: '1 is the most urgent',
  })
  @IsInt()
  @Min(1)
  @Max(MAX_PROPOSAL_PRIORITY)
  priority!: number;
}

export class AssignProposalDto {
  @ApiProperty({ example: ['DPUPR', 'DLH'], description: 'Codes of the OPDs that decide the proposal' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ASSIGNED_AGENCIES)
  @ArrayUnique()
  @Matches(/^[A-Z0-9][A-Z0-9-]{1,31}$/, {
    each: true,
    message: 'each agency must be an OPD code such as DPUPR',
  })
  agencies!: string[];
}

export class ListProposalsQuery extends PageQuery {
  @ApiPropertyOptional({ example: '35.13.07', description: 'Kode wilayah of a kecamatan' })
  @IsOptional()
  @Matches(/^\d{2}\.\d{2}\.\d{2}$/, { message: 'kecamatan must be a kode wilayah such as 35.13.07' })
  kecamatan?: string;

  @ApiPropertyOptional({ example: 'DINKES', description: 'Proposals routed to this OPD' })
  @IsOptional()
  @Matches(/^[A-Z0-9][A-Z0-9-]{1,31}$/, { message: 'opd must be an OPD code such as DINKES' })
  opd?: string;

  @ApiPropertyOptional({ enum: PROPOSAL_STATUSES })
  @IsOptional()
  @IsIn(PROPOSAL_STATUSES)
  status?: (typeof PROPOSAL_STATUSES)[number];
}

export class YearParam {
  @Type(() => Number)
  @IsInt()
  year!: number;
}
