import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNumber, ValidateBy } from 'class-validator';
import { validateSla, type SlaUnit } from '@gotong/domain/calendar';

const UNITS: SlaUnit[] = ['seconds', 'minutes', 'hours', 'days', 'workingHours', 'workingDays'];

/**
 * The domain's verdict on the amount (validateSla, which the task workflow computes deadlines with): positive,
 * whole for days and workingDays, at most about ten years. Only the amount's problems are reported here; a
 * wrong unit is @IsIn's. The message has no leading "sla." because the ValidationPipe prefixes the parent.
 */
function amountProblem(sla: unknown): string | null {
  const { amount, unit } = (sla ?? {}) as { amount?: unknown; unit?: unknown };
  // Not a number at all is @IsNumber's to say.
  if (typeof amount !== 'number') return null;
  // With a unit @IsIn refuses, the amount is still judged on what holds for every unit (greater than 0).
  const judgedUnit = (UNITS as unknown[]).includes(unit) ? unit : 'seconds';
  const problem = validateSla({ amount, unit: judgedUnit });
  return problem?.startsWith('sla.amount') ? problem.replace(/^sla\./, '') : null;
}

/** An SLA: an amount of calendar time (seconds … days) or of office time (workingHours, workingDays). */
export class SlaDto {
  @ApiProperty({ example: 3 })
  @IsNumber()
  @ValidateBy({
    name: 'isSlaAmount',
    validator: {
      validate: (_value, args) => amountProblem(args?.object) === null,
      defaultMessage: (args) => amountProblem(args?.object) ?? 'amount is not a valid SLA amount',
    },
  })
  amount!: number;

  @ApiProperty({ enum: UNITS, example: 'workingDays' })
  @IsIn(UNITS)
  unit!: SlaUnit;
}
