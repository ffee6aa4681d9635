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
import { CLUSTERS, INCIDENT_STATUSES, INCIDENT_TYPES, SEVERITIES } from '@gotong/domain/emergency';
import { INT4_MAX, IsDateOrInstant } from '../common/hostile-input';
import { PageQuery } from '../common/pagination';
import { SlaDto } from '../common/sla.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const TYPES = INCIDENT_TYPES.map((t) => t.code);

export class DeclareIncidentDto {
  @ApiProperty({ enum: TYPES, example: 'banjir' })
  @IsIn(TYPES)
  type!: (typeof TYPES)[number];

  @ApiProperty({ enum: SEVERITIES, example: 'BERAT' })
  @IsIn(SEVERITIES)
  severity!: (typeof SEVERITIES)[number];

  @ApiProperty({ example: ['35.13.23'], description: 'Kode wilayah of the affected kecamatan' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(24)
  @ArrayUnique()
  @Matches(/^35\.13\.\d{2}$/, {
    each: true,
    message: 'each kecamatan must be a kode wilayah such as 35.13.23',
  })
  kecamatan!: string[];

  @ApiPropertyOptional({ example: ['35.13.23.2001'], description: 'Kode wilayah of the affected desa' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @Matches(/^35\.13\.\d{2}\.\d{4}$/, {
    each: true,
    message: 'each desa must be a kode wilayah such as 35.13.23.2001',
  })
  desa?: string[];

  @ApiPropertyOptional({ example: 'Banjir luapan Sungai Tongas' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title?: string;

  @ApiProperty({ example: 'Hujan deras sejak pukul 02.00, air setinggi 80 cm di tiga desa.' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  description!: string;

  @ApiPropertyOptional({ enum: ['SIAGA_DARURAT', 'TANGGAP_DARURAT'], default: 'TANGGAP_DARURAT' })
  @IsOptional()
  @IsIn(['SIAGA_DARURAT', 'TANGGAP_DARURAT'])
  status?: 'SIAGA_DARURAT' | 'TANGGAP_DARURAT';
}

export class ListIncidentsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: INCIDENT_STATUSES })
  @IsOptional()
  @IsIn(INCIDENT_STATUSES)
  status?: (typeof INCIDENT_STATUSES)[number];
}

export class ChangeStatusDto {
  @ApiProperty({ enum: INCIDENT_STATUSES })
  @IsIn(INCIDENT_STATUSES)
  status!: (typeof INCIDENT_STATUSES)[number];

  @ApiPropertyOptional({ example: 'Air surut, pengungsi mulai kembali' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class MobiliseDto {
  @ApiProperty({ example: 'DISPENDIK' })
  @Matches(/^[A-Z0-9-]+$/, { message: 'agencyCode must be an OPD code such as DISPENDIK' })
  agencyCode!: string;

  @ApiPropertyOptional({ enum: CLUSTERS, isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(CLUSTERS, { each: true })
  clusters?: (typeof CLUSTERS)[number][];
}

export class CorrectSitrepDto {
  @ApiProperty({
    example: { mengungsi: { '35.13.23.2001': 180 }, narasi: 'Hitungan ulang di posko pengungsian' },
    description: "The sitrep restated: values keyed by the sitrep form's fields, checked as a submission is",
  })
  @IsObject()
  values!: Record<string, unknown>;

  @ApiProperty({ example: 'Salah ketik: 180 jiwa mengungsi, bukan 120' })
  @IsString()
  @MaxLength(2000)
  reason!: string;
}

export class ResolveSitrepConflictDto {
  @ApiProperty({ example: '35.13.23.2001', description: 'The desa of the conflicting figure' })
  @IsString()
  desaCode!: string;

  @ApiProperty({ example: 'mengungsi', description: 'The sitrep field of the conflicting figure' })
  @IsString()
  field!: string;

  @ApiPropertyOptional({ example: 'DINSOS', description: "Pick this OPD's figure (or give `value`)" })
  @IsOptional()
  @IsString()
  agencyCode?: string;

  @ApiPropertyOptional({
    example: 150,
    description: 'A verified figure of the command (or give `agencyCode`)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(INT4_MAX)
  value?: number;

  @ApiPropertyOptional({
    example: 'Diverifikasi langsung di posko pengungsian',
    description: 'Required with a verified `value`',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class CloseRequestDto {
  @ApiProperty({ example: 'Pengungsi sebagian sudah pulang: 6 tenda cukup' })
  @IsString()
  @MaxLength(2000)
  reason!: string;
}

export class ReleaseDto {
  @ApiProperty({ example: 'Sekolah terdampak sudah ditangani' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}

export class AssignIncidentTaskDto {
  @ApiProperty({ example: 'DINSOS' })
  @Matches(/^[A-Z0-9-]+$/, { message: 'agencyCode must be an OPD code such as DINSOS' })
  agencyCode!: string;

  @ApiProperty({ example: 'Dirikan dapur umum di Balai Desa Curahtulis' })
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

  @ApiProperty({ type: SlaDto, example: { amount: 2, unit: 'hours' } })
  @ValidateNested()
  @Type(() => SlaDto)
  sla!: SlaDto;
}

export class RequestResourceDto {
  @ApiProperty({
    example: 'DPUPR',
    description: 'The OPD asked; the request comes from the caller’s own OPD',
  })
  @Matches(/^[A-Z0-9-]+$/, { message: 'toAgencyCode must be an OPD code such as DPUPR' })
  toAgencyCode!: string;

  @ApiProperty({ example: 'mobil tangki air bersih' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  item!: string;

  @ApiProperty({ example: 2 })
  @IsInt()
  @Min(1)
  // The quantity column is an int4; beyond it the request could never be stored.
  @Max(INT4_MAX)
  quantity!: number;

  @ApiProperty({ example: 'unit' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  unit!: string;

  @ApiPropertyOptional({ example: 'Posko pengungsian Balai Desa Tongas Wetan', description: 'Where they go' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  destination?: string;

  @ApiPropertyOptional({
    example: '2026-12-07T15:00:00+07:00',
    description: 'When they are needed: an instant with its offset',
  })
  @IsOptional()
  @IsString()
  neededBy?: string;

  @ApiPropertyOptional({ example: 'Untuk 150 pengungsi, dua malam' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class SitrepHistoryQuery {
  @ApiPropertyOptional({ description: 'The roll-up as known at this instant (ISO 8601); default now' })
  @IsOptional()
  @IsDateOrInstant()
  asOf?: string;
}
