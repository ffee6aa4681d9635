import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
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
  ValidateNested,
} from 'class-validator';
import { INT4_MAX } from '../common/hostile-input';
import { PageQuery } from '../common/pagination';
import { SlaDto } from '../common/sla.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateProjectDto {
  @ApiProperty({ example: 'Percepatan Penurunan Stunting Kecamatan Tiris' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title!: string;

  @ApiPropertyOptional({ example: 'Pendataan balita stunting dan distribusi PMT per desa.' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(4000)
  description?: string;

  @ApiProperty({ example: ['DINKES', 'DINSOS'], description: 'Codes of the OPDs that each get a task' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(/^[A-Z0-9-]+$/, { each: true, message: 'each agency code must be upper case, e.g. DINKES' })
  agencyCodes!: string[];

  @ApiPropertyOptional({ example: 'Kirim data balita stunting per desa' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  taskTitle?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  instructions?: string;

  @ApiPropertyOptional({
    type: SlaDto,
    description: 'Time each OPD has before reminders and the escalation ladder (default 3 working days)',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => SlaDto)
  sla?: SlaDto;
}

export class CreateFromTemplateDto {
  @ApiProperty({ example: 'percepatan-penurunan-stunting' })
  @IsString()
  @IsNotEmpty()
  templateCode!: string;

  @ApiPropertyOptional({ description: 'A specific version; the newest when absent' })
  @IsOptional()
  @IsInt()
  @Min(1)
  // The version column is an int4: a larger number (1e21 is an integer to JavaScript) would fail the query.
  @Max(INT4_MAX)
  templateVersion?: number;

  @ApiPropertyOptional({ example: 'Percepatan Penurunan Stunting Kecamatan Tiris 2026' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;

  @ApiProperty({
    example: { kecamatan: '35.13.08', tahun: '2026' },
    description: "Values of the template's parameters",
  })
  @IsObject()
  parameters!: Record<string, string>;
}

export class AddAgencyDto {
  @ApiProperty({ example: 'DISPENDIK' })
  @IsString()
  @Matches(/^[A-Z0-9-]+$/, { message: 'agencyCode must be upper case, e.g. DISPENDIK' })
  agencyCode!: string;

  @ApiProperty({ example: 'Data anak putus sekolah di desa sasaran' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  instructions?: string;

  @ApiPropertyOptional({ type: SlaDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SlaDto)
  sla?: SlaDto;

  @ApiPropertyOptional({
    description:
      "The form the OPD fills in, defined by the lead (the template editor's rules: fields with key, label, type, " +
      'required, unit…). Not with fromStep; neither: one free-text summary.',
    example: {
      fields: [{ key: 'jumlahAnak', label: 'Jumlah anak putus sekolah', type: 'integer', required: true }],
    },
  })
  @IsOptional()
  @IsObject()
  form?: Record<string, unknown>;

  @ApiPropertyOptional({
    example: 'pendataan-sasaran',
    description:
      "The key of a step of the project's template version: the new step takes its form and, unless given, " +
      'its instructions and SLA. Not with form.',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  fromStep?: string;

  @ApiPropertyOptional({
    example: ['pendataan-sasaran'],
    description: 'Keys of steps the new step waits for',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  dependsOn?: string[];

  @ApiPropertyOptional({
    example: ['intervensi'],
    description: 'Keys of steps not yet started that must now wait for the new step',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  before?: string[];
}

export class CancelProjectDto {
  @ApiProperty({ example: 'Digabung dengan program provinsi' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}

export class ListProjectsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['ACTIVE', 'COMPLETED', 'CANCELLED', 'RESOLVED'] })
  @IsOptional()
  @IsIn(['ACTIVE', 'COMPLETED', 'CANCELLED', 'RESOLVED'])
  status?: 'ACTIVE' | 'COMPLETED' | 'CANCELLED' | 'RESOLVED';
}
