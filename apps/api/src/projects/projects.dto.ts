import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import { IsDuration } from '../common/is-duration';
import { PageQuery } from '../common/pagination';

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
    example: '3 days',
    description: 'Time each OPD has before its task escalates to the Kepala OPD (default TASK_DEFAULT_SLA)',
  })
  @IsOptional()
  @IsString()
  @IsDuration()
  sla?: string;
}

export class ListProjectsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['ACTIVE', 'COMPLETED', 'CANCELLED'] })
  @IsOptional()
  @IsIn(['ACTIVE', 'COMPLETED', 'CANCELLED'])
  status?: 'ACTIVE' | 'COMPLETED' | 'CANCELLED';
}
