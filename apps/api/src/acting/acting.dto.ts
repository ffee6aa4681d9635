import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { ACTING_POSTS, ACTING_TITLES, type ActingPostKind, type ActingTitle } from '@gotong/domain/acting';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const bool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class CreateActingDto {
  @ApiProperty({
    enum: ACTING_POSTS,
    description: "AGENCY_HEAD: a Kepala OPD's post (name agencyCode); SEKDA",
  })
  @IsIn(ACTING_POSTS)
  post!: ActingPostKind;

  @ApiPropertyOptional({ example: 'DINKES', description: 'The OPD whose Kepala is away (AGENCY_HEAD posts)' })
  @ValidateIf((o: CreateActingDto) => o.post === 'AGENCY_HEAD' || o.agencyCode !== undefined)
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  agencyCode?: string;

  @ApiProperty({ enum: ACTING_TITLES, description: 'PLT Pelaksana Tugas, PLH Pelaksana Harian' })
  @IsIn(ACTING_TITLES)
  title!: ActingTitle;

  @ApiProperty({ description: 'The user who acts in the post (active, not its holder)' })
  @IsUUID()
  actingUserId!: string;

  @ApiProperty({ example: '2026-12-07', description: 'First day (Asia/Jakarta), today or later' })
  @IsString()
  startsOn!: string;

  @ApiProperty({ example: '2026-12-13', description: 'Last day (Asia/Jakarta), inclusive; at most 92 days' })
  @IsString()
  endsOn!: string;

  @ApiProperty({ example: 'Kepala Dinas cuti tahunan' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}

export class ActingListQuery {
  @ApiPropertyOptional({
    enum: ['active', 'current', 'upcoming', 'past', 'all'],
    description: 'active (default): in force now or still to come; current: in force now',
  })
  @IsOptional()
  @IsIn(['active', 'current', 'upcoming', 'past', 'all'])
  status?: 'active' | 'current' | 'upcoming' | 'past' | 'all';

  @ApiPropertyOptional({ example: 'DINKES', description: "Only this OPD's Kepala post" })
  @IsOptional()
  @IsString()
  agencyCode?: string;

  @ApiPropertyOptional({ description: 'Only appointments of the caller (as the acting official)' })
  @IsOptional()
  @Transform(bool)
  @IsBoolean()
  mine?: boolean;
}

export class CandidatesQuery {
  @ApiProperty({ enum: ACTING_POSTS })
  @IsIn(ACTING_POSTS)
  post!: ActingPostKind;

  @ApiPropertyOptional({ example: 'DINKES' })
  @ValidateIf((o: CandidatesQuery) => o.post === 'AGENCY_HEAD')
  @IsString()
  @IsNotEmpty()
  agencyCode?: string;
}
