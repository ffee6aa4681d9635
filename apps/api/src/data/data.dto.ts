import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsUUID,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { FIGURE_MAX } from '../common/hostile-input';
import { MAX_PAGE } from '../common/pagination';
import { SlaDto } from '../common/sla.dto';
import { MAX_PAGE_SIZE } from './published-data.service';

/** The most figures one page of the open data API holds. */
export const PUBLIC_MAX_PAGE_SIZE = 500;

export class DataRequestDto {
  @ApiPropertyOptional({ example: 'Pendataan kemiskinan terpadu 2026 — Kecamatan Tiris' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title?: string;

  @ApiProperty({
    example: ['RT_MISKIN', 'PENDUDUK_MISKIN'],
    description: 'Indicator codes (newest versions)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ArrayUnique()
  @Matches(/^[A-Z][A-Z0-9_]{2,63}$/, {
    each: true,
    message: 'each indicator must be a code such as RT_MISKIN',
  })
  indicators!: string[];

  @ApiProperty({
    example: '2026',
    description: "A period in the indicators' periodicity: 2026, 2026-S1, 2026-Q3, 2026-09",
  })
  @IsString()
  period!: string;

  @ApiProperty({
    example: ['35.13.23.2008', '35.13.23.2005', '35.13.07'],
    description:
      'Kode wilayah the figures are asked for: a desa or kelurahan, a kecamatan (all its desa and kelurahan) ' +
      'or 35.13 (the whole regency)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(400)
  @ArrayUnique()
  @Matches(/^35\.13(\.\d{2}(\.\d{4})?)?$/, {
    each: true,
    message: 'each area must be a kode wilayah in Kabupaten Probolinggo (35.13, 35.13.xx or 35.13.xx.xxxx)',
  })
  areas!: string[];

  @ApiPropertyOptional({ type: SlaDto, description: 'Time each OPD has (default 5 working days)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SlaDto)
  sla?: SlaDto;
}

export class ResolveConflictDto {
  @ApiProperty({ example: 41, description: 'The agreed figure' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(FIGURE_MAX)
  value!: number;

  @ApiProperty({
    example: 'DINSOS memakai DTKS hasil verifikasi lapangan Oktober 2026; angka DPMD dari Musdes 2025.',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  reasoning!: string;
}

export class PublishedQuery {
  @ApiPropertyOptional({ example: 'RT_MISKIN' })
  @IsOptional()
  @Matches(/^[A-Z][A-Z0-9_]{2,63}$/, { message: 'indicator must be a code such as RT_MISKIN' })
  indicator?: string;

  @ApiPropertyOptional({
    example: '35.13.08',
    description: 'A kode wilayah; a kecamatan code also matches its desa',
  })
  @IsOptional()
  @Matches(/^35\.13(\.\d{2}(\.\d{4})?)?$/, { message: 'area must be a kode wilayah such as 35.13.08' })
  area?: string;

  @ApiPropertyOptional({ example: '2026' })
  @IsOptional()
  @Matches(/^\d{4}(-(S[12]|Q[1-4]|\d{2}))?$/, {
    message: 'period must look like 2026, 2026-S1, 2026-Q3 or 2026-09',
  })
  period?: string;

  @ApiPropertyOptional({
    minimum: 1,
    default: 1,
    description: 'JSON only: the page (the exports hold every figure)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize: number = 1000;
}

/** The open data API's filter (GET /public/data/figures): no login, no personal names. */
export class PublicFiguresQuery {
  @ApiPropertyOptional({ example: 'BALITA_STUNTING' })
  @IsOptional()
  @Matches(/^[A-Z][A-Z0-9_]{2,63}$/, { message: 'indicator must be a code such as RT_MISKIN' })
  indicator?: string;

  @ApiPropertyOptional({ example: '2026' })
  @IsOptional()
  @Matches(/^\d{4}(-(S[12]|Q[1-4]|\d{2}))?$/, {
    message: 'period must look like 2026, 2026-S1, 2026-Q3 or 2026-09',
  })
  period?: string;

  @ApiPropertyOptional({
    example: '35.13.23',
    description: 'A kecamatan: the figures of its desa (and its own)',
  })
  @IsOptional()
  @Matches(/^35\.13\.\d{2}$/, { message: 'kecamatan must be a kode wilayah kecamatan such as 35.13.23' })
  kecamatan?: string;

  @ApiPropertyOptional({ example: '35.13.23.2008', description: 'One desa or kelurahan' })
  @IsOptional()
  @Matches(/^35\.13\.\d{2}\.\d{4}$/, { message: 'desa must be a kode wilayah desa such as 35.13.23.2008' })
  desa?: string;

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: PUBLIC_MAX_PAGE_SIZE, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(PUBLIC_MAX_PAGE_SIZE)
  pageSize: number = 50;
}

export class CellDecisionDto {
  @ApiProperty({ description: 'The cell (conflict id)' })
  @IsUUID()
  conflictId!: string;

  @ApiProperty({ example: 39, description: 'The agreed figure of the cell' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(FIGURE_MAX)
  value!: number;
}

export class BulkAcceptDto {
  @ApiProperty({ example: 'DINKES', description: 'The OPD whose figure is accepted for every cell named' })
  @Matches(/^[A-Z][A-Z0-9_]{1,31}$/, { message: 'agency must be an OPD code such as DINKES' })
  agency!: string;

  @ApiProperty({ description: 'The cells (conflict ids)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  conflictIds!: string[];
}

export class ReconciliationDecisionDto {
  @ApiPropertyOptional({ type: [CellDecisionDto], description: 'Cell by cell' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5000)
  @ValidateNested({ each: true })
  @Type(() => CellDecisionDto)
  decisions?: CellDecisionDto[];

  @ApiPropertyOptional({ type: BulkAcceptDto, description: "One OPD's figure for many cells at once" })
  @IsOptional()
  @ValidateNested()
  @Type(() => BulkAcceptDto)
  accept?: BulkAcceptDto;

  @ApiProperty({
    example: 'e-PPGBM Dinkes memakai pengukuran bulan timbang Agustus; data keluarga BKKBN 2025.',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  reasoning!: string;
}

export class FigureRevisionDto {
  @ApiProperty({ example: 'BALITA_STUNTING' })
  @Matches(/^[A-Z][A-Z0-9_]{2,63}$/, { message: 'indicator must be a code such as RT_MISKIN' })
  indicator!: string;

  @ApiProperty({ example: '35.13.02.2001' })
  @Matches(/^35\.13(\.\d{2}(\.\d{4})?)?$/, { message: 'area must be a kode wilayah such as 35.13.08' })
  area!: string;

  @ApiProperty({ example: '2026' })
  @Matches(/^\d{4}(-(S[12]|Q[1-4]|\d{2}))?$/, {
    message: 'period must look like 2026, 2026-S1, 2026-Q3 or 2026-09',
  })
  period!: string;

  @ApiPropertyOptional({ example: '', description: "'' or the breakdown category (e.g. L / P)" })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  breakdown?: string;

  @ApiProperty({ example: 42, description: 'The revised figure' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(FIGURE_MAX)
  value!: number;

  @ApiProperty({ example: 'Koreksi entri: desa melaporkan ulang hasil pengukuran.' })
  @IsString()
  @IsNotEmpty({ message: 'reason: a revision of a published figure names its reason' })
  @MaxLength(4000)
  reason!: string;
}
