import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { CITIZEN_CATEGORIES } from '@gotong/domain/citizen/categories';
import {
  ANSWER_MAX,
  CITIZEN_REPORT_STATUSES,
  DESCRIPTION_MAX,
  NOTE_MAX,
  REJECTION_REASONS,
  REPORTER_FIELD_MAX,
  TITLE_MAX,
} from '@gotong/domain/citizen/rules';
import { PageQuery } from '../common/pagination';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const blankToUndefined = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() === ''
    ? undefined
    : typeof value === 'string'
      ? value.trim()
      : value;
const CATEGORY_CODES = CITIZEN_CATEGORIES.map((c) => c.code);

/** The public filing, as multipart/form-data fields (the photo is the file field `photo`). */
export class FileReportDto {
  @ApiProperty({ enum: CATEGORY_CODES, example: 'jalan' })
  @IsIn(CATEGORY_CODES, { message: `category must be one of ${CATEGORY_CODES.join(', ')}` })
  category!: string;

  @ApiProperty({ example: '35.13.07.2001', description: 'Kode wilayah of the desa or kelurahan' })
  @Transform(trim)
  @Matches(/^35\.13\.\d{2}\.\d{4}$/, {
    message: 'desaCode must be a kode wilayah desa such as 35.13.07.2001',
  })
  desaCode!: string;

  @ApiProperty({ minLength: 20, maxLength: DESCRIPTION_MAX })
  @IsString()
  @MaxLength(DESCRIPTION_MAX)
  description!: string;

  @ApiPropertyOptional({
    maxLength: REPORTER_FIELD_MAX,
    description: 'Personal data: only the handlers see it',
  })
  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  @MaxLength(REPORTER_FIELD_MAX)
  reporterName?: string;

  @ApiPropertyOptional({
    maxLength: REPORTER_FIELD_MAX,
    description: 'Phone or email; personal data: only the handlers see it',
  })
  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  @MaxLength(REPORTER_FIELD_MAX)
  reporterContact?: string;

  @ApiProperty({ description: 'From GET /public/reports/challenge' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  challengeToken!: string;

  @ApiProperty({ example: '12', description: 'The answer to the challenge question, in digits' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(10)
  challengeAnswer!: string;

  @ApiPropertyOptional({ type: 'string', format: 'binary', description: 'JPEG, PNG or WebP, at most 5 MB' })
  @IsOptional()
  photo?: unknown;
}

export class TriageDto {
  @ApiProperty({ enum: ['answer', 'project', 'forward', 'reject'] })
  @IsIn(['answer', 'project', 'forward', 'reject'])
  action!: 'answer' | 'project' | 'forward' | 'reject';

  @ApiPropertyOptional({ description: 'answer: the public answer; project: an optional public note' })
  @IsOptional()
  @IsString()
  @MaxLength(ANSWER_MAX)
  text?: string;

  @ApiPropertyOptional({ example: 'perbaikan-jalan-aduan-warga', description: 'project: the template' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  templateCode?: string;

  @ApiPropertyOptional({ description: "project: the project's title" })
  @IsOptional()
  @IsString()
  @MaxLength(TITLE_MAX)
  title?: string;

  @ApiPropertyOptional({
    description:
      "project: the template's parameters (text); for the road template nomorAduan, desa and kecamatan are " +
      'filled from the report when not given',
    type: 'object',
    additionalProperties: { type: 'string' },
  })
  @IsOptional()
  @IsObject()
  parameters?: Record<string, string>;

  @ApiPropertyOptional({ example: 'DPUPR', description: 'forward: the OPD to send the report to' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  agencyCode?: string;

  @ApiPropertyOptional({ description: 'forward, reject: an internal note (never public)' })
  @IsOptional()
  @IsString()
  @MaxLength(NOTE_MAX)
  note?: string;

  @ApiPropertyOptional({ enum: REJECTION_REASONS, description: 'reject: why' })
  @IsOptional()
  @IsIn(REJECTION_REASONS)
  reason?: (typeof REJECTION_REASONS)[number];
}

export class AnswerDto {
  @ApiProperty({ maxLength: ANSWER_MAX, description: 'Public text the citizen reads' })
  @IsString()
  @MaxLength(ANSWER_MAX)
  text!: string;

  @ApiPropertyOptional({ default: false, description: 'The final answer: the report is then ANSWERED' })
  @IsOptional()
  @IsBoolean()
  final?: boolean;
}

export class ListCitizenReportsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CITIZEN_REPORT_STATUSES })
  @IsOptional()
  @IsIn(CITIZEN_REPORT_STATUSES)
  status?: (typeof CITIZEN_REPORT_STATUSES)[number];

  @ApiPropertyOptional({ enum: CATEGORY_CODES })
  @IsOptional()
  @IsIn(CATEGORY_CODES)
  category?: string;
}

export class TransparencyQuery {
  @ApiPropertyOptional({ example: 2026, description: 'The calendar year (default: the current one)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2020)
  @Max(2100)
  year?: number;
}
