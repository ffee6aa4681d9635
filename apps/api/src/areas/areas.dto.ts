import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class AreasQuery {
  @ApiPropertyOptional({
    example: '35.13.23',
    description: 'A kecamatan (kode wilayah): answer its desa and kelurahan only',
  })
  @IsOptional()
  @Matches(/^35\.13\.\d{2}$/, { message: 'kecamatan must be a kode wilayah kecamatan such as 35.13.23' })
  kecamatan?: string;

  @ApiPropertyOptional({
    example: 'tongas',
    description: 'Search kecamatan, desa and kelurahan by name (case- and space-insensitive)',
  })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(60)
  q?: string;
}

export class AreaDto {
  @ApiProperty({ example: '35.13.23.2008' })
  code!: string;

  @ApiProperty({ example: 'Tongas Wetan' })
  name!: string;

  @ApiProperty({ enum: ['KABUPATEN', 'KECAMATAN', 'DESA', 'KELURAHAN'] })
  level!: string;

  @ApiProperty({ example: '35.13.23', nullable: true, type: String })
  parentCode!: string | null;
}

export class KecamatanTreeDto extends AreaDto {
  @ApiProperty({ type: [AreaDto] })
  villages!: AreaDto[];
}

export class AreaTreeDto extends AreaDto {
  @ApiProperty({ example: 'Kepmendagri No. 300.2.2-2138 Tahun 2025' })
  decree!: string;

  @ApiProperty({ type: [KecamatanTreeDto] })
  kecamatan!: KecamatanTreeDto[];
}

export class KecamatanVillagesDto {
  @ApiProperty({ type: AreaDto })
  kecamatan!: AreaDto;

  @ApiProperty({ type: [AreaDto] })
  villages!: AreaDto[];
}

export class AreaSearchDto {
  @ApiProperty({ example: 'tongas' })
  q!: string;

  @ApiProperty({ type: [AreaDto], description: 'Kecamatan first, then desa and kelurahan, in code order' })
  items!: AreaDto[];
}
