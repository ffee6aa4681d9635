import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNumber, IsPositive } from 'class-validator';
import type { SlaUnit } from '@gotong/domain/calendar';

const UNITS: SlaUnit[] = ['seconds', 'minutes', 'hours', 'days', 'workingHours', 'workingDays'];

/** An SLA: an amount of calendar time (seconds … days) or of office time (workingHours, workingDays). */
export class SlaDto {
  @ApiProperty({ example: 3 })
  @IsNumber()
  @IsPositive()
  amount!: number;

  @ApiProperty({ enum: UNITS, example: 'workingDays' })
  @IsIn(UNITS)
  unit!: SlaUnit;
}
