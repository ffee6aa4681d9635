import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, Matches, ValidateNested } from 'class-validator';
import { PageQuery } from '../common/pagination';

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** "true"/"false" query strings as booleans; anything else stays as is and fails @IsBoolean. */
const queryBoolean = () =>
  Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));

export class NotificationQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'true: only unread ones' })
  @IsOptional()
  @queryBoolean()
  @IsBoolean()
  unread?: boolean;
}

export class QuietHoursDto {
  @ApiProperty({ example: '21:00', description: 'WIB, HH:mm' })
  @Matches(HH_MM, { message: 'start must be a time HH:mm (00:00–23:59)' })
  start!: string;

  @ApiProperty({ example: '06:00', description: 'WIB, HH:mm; may be earlier than start (wraps midnight)' })
  @Matches(HH_MM, { message: 'end must be a time HH:mm (00:00–23:59)' })
  end!: string;
}

export class NotificationPreferencesDto {
  @ApiPropertyOptional({ description: 'Email for every notification' })
  @IsOptional()
  @IsBoolean()
  email?: boolean;

  @ApiPropertyOptional({ description: 'WhatsApp/SMS through the gateway' })
  @IsOptional()
  @IsBoolean()
  webhook?: boolean;

  @ApiPropertyOptional({ enum: ['id', 'en'] })
  @IsOptional()
  @IsIn(['id', 'en'])
  language?: 'id' | 'en';

  @ApiPropertyOptional({
    type: QuietHoursDto,
    nullable: true,
    description:
      'Email and WhatsApp/SMS wait until the end of quiet hours (emergencies do not); null clears them',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => QuietHoursDto)
  quietHours?: QuietHoursDto | null;
}

export class DeliveryQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['PENDING', 'SENT', 'DEAD', 'SKIPPED'], default: 'DEAD' })
  @IsOptional()
  @IsIn(['PENDING', 'SENT', 'DEAD', 'SKIPPED'])
  status: 'PENDING' | 'SENT' | 'DEAD' | 'SKIPPED' = 'DEAD';

  @ApiPropertyOptional({ enum: ['EMAIL', 'WEBHOOK'] })
  @IsOptional()
  @IsIn(['EMAIL', 'WEBHOOK'])
  channel?: 'EMAIL' | 'WEBHOOK';
}

export class DigestRunDto {
  @ApiProperty({ example: '2026-11-23', description: 'The day the digest is for (WIB)' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be a date YYYY-MM-DD' })
  date!: string;
}
