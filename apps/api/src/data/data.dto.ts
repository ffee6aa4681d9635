import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { SlaDto } from '../common/sla.dto';

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
}
