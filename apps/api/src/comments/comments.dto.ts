import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** The longest comment: a few paragraphs. Longer texts belong in an attachment. */
export const COMMENT_MAX_LENGTH = 4000;
/** At most this many OPDs mentioned in one comment. */
export const MENTIONS_MAX = 20;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class AddCommentDto {
  @ApiProperty({
    description: 'The comment; `@DINSOS` (an OPD code after @) mentions that OPD, which is notified',
    maxLength: COMMENT_MAX_LENGTH,
    example: 'Jalan desa Tiris tergenang sejak pagi. @DPUPR mohon dicek.',
  })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'body must not be empty' })
  @MaxLength(COMMENT_MAX_LENGTH)
  body!: string;

  @ApiPropertyOptional({
    description: 'OPD codes to mention besides those written as @CODE in the body',
    type: [String],
    example: ['DINSOS'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MENTIONS_MAX)
  @IsString({ each: true })
  @Matches(/^[A-Z][A-Z0-9_-]{1,39}$/, {
    each: true,
    message: 'each mention must be an OPD code such as DINSOS',
  })
  mentions?: string[];
}
