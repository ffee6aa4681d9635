import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import {
  COLLECTION_PERIODICITIES,
  type CollectionPeriodicity,
} from '@gotong/domain/data-standard/collections';

/** A recurring collection (POST /data/collections): what is asked, where, how often and by when. */
export class DataCollectionDto {
  @ApiProperty({ example: 'Stunting bulanan — Kecamatan Tiris' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({
    example: ['BALITA_STUNTING'],
    description: 'Indicator codes; each must have the periodicity',
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
    example: ['35.13.07'],
    description: 'Kode wilayah: desa or kelurahan, a kecamatan (all its desa) or 35.13 (the whole regency)',
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

  @ApiProperty({ enum: COLLECTION_PERIODICITIES, example: 'MONTHLY' })
  @IsIn(COLLECTION_PERIODICITIES, {
    message: `periodicity must be one of ${COLLECTION_PERIODICITIES.join(', ')}`,
  })
  periodicity!: CollectionPeriodicity;

  @ApiProperty({ example: 10, description: 'Deadline: this many working days after the period ends' })
  @IsInt()
  @Min(1)
  @Max(60)
  deadlineWorkingDays!: number;

  @ApiPropertyOptional({
    example: '2026-12',
    description: 'The first period collected (default: the current one, opened when it ends)',
  })
  @IsOptional()
  @IsString()
  firstPeriod?: string;
}

export class CollectionNoteDto {
  @ApiProperty({ example: 'Dihentikan sementara selama pemutakhiran DTKS' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  note!: string;
}

export class CollectionTriggerDto {
  @ApiPropertyOptional({
    example: '2026-10',
    description: 'A missed period to catch up; by default the period that ended last',
  })
  @IsOptional()
  @IsString()
  period?: string;
}
