import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../common/pagination';

export class InboxQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['ASSIGNED', 'COMPLETED', 'CANCELLED'] })
  @IsOptional()
  @IsIn(['ASSIGNED', 'COMPLETED', 'CANCELLED'])
  status?: 'ASSIGNED' | 'COMPLETED' | 'CANCELLED';

  @ApiPropertyOptional({ description: 'Only open tasks past their deadline' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;
}

export class CompleteTaskDto {
  @ApiProperty({ example: 'Data 12 desa sudah dikirim; 3 desa menyusul minggu depan.' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  summary!: string;
}
