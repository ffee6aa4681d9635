import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import {
  DESCRIPTION_MAX,
  MAX_REVIEWERS,
  NOTE_MAX,
  POLICY_KINDS,
  POLICY_STATUSES,
  TITLE_MAX,
} from '@gotong/domain/policy';
import { PageQuery } from '../common/pagination';
import { SlaDto } from '../common/sla.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreatePolicyDraftDto {
  @ApiProperty({ enum: POLICY_KINDS, example: 'PERBUP' })
  @IsIn(POLICY_KINDS)
  kind!: (typeof POLICY_KINDS)[number];

  @ApiProperty({ example: 'Rancangan Perbup tentang Percepatan Penurunan Stunting' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(TITLE_MAX)
  title!: string;

  @ApiPropertyOptional({ example: 'Pengganti Perbup lama; menyesuaikan Perpres 72/2021.' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(DESCRIPTION_MAX)
  description?: string;

  @ApiProperty({
    example: ['DINKES', 'DINSOS'],
    description:
      'The OPDs whose paraf koordinasi the draft needs; the legal section (SETDA-HUKUM) is always added',
  })
  @IsArray()
  @ArrayMaxSize(MAX_REVIEWERS)
  @Matches(/^[A-Z0-9-]+$/, { each: true, message: 'each reviewer must be an OPD code such as DINKES' })
  reviewers!: string[];

  @ApiPropertyOptional({
    type: SlaDto,
    description:
      'How long each reviewer has for its paraf (default 3 working days); a late one climbs the ladder',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => SlaDto)
  reviewWithin?: SlaDto;

  @ApiPropertyOptional({
    type: SlaDto,
    description: 'How long the Sekda and the Bupati each have for their sign-off (default 3 working days)',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => SlaDto)
  signOffWithin?: SlaDto;
}

export class ListPolicyDraftsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: POLICY_STATUSES })
  @IsOptional()
  @IsIn(POLICY_STATUSES)
  status?: (typeof POLICY_STATUSES)[number];
}

export class UploadPolicyVersionDto {
  @ApiProperty({
    description:
      "The document: an attachment the drafting OPD added to a comment on the draft's project " +
      '(POST /projects/{projectId}/comments, then POST /comments/{id}/attachments)',
  })
  @IsUUID()
  attachmentId!: string;

  @ApiPropertyOptional({ example: 'Pasal 5 diperbaiki sesuai catatan Bagian Hukum' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(NOTE_MAX)
  note?: string;
}

export class SignOffPolicyDto {
  @ApiProperty({ enum: ['SIGNED', 'RETURNED'] })
  @IsIn(['SIGNED', 'RETURNED'])
  decision!: 'SIGNED' | 'RETURNED';

  @ApiPropertyOptional({
    example: 'Mohon konsiderans ditambah dasar hukum terbaru',
    description: 'Required to return',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(NOTE_MAX)
  note?: string;
}

export class WithdrawPolicyDto {
  @ApiProperty({ example: 'Digabung dengan rancangan lain' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(NOTE_MAX)
  reason!: string;
}
