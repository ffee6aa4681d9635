import { ValidateBy, type ValidationOptions } from 'class-validator';
import { parseDurationMs } from '../../../../libs/domain/src/duration';

/** A positive duration such as "3 days", "4 hours" or "30 minutes". */
export function IsDuration(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDuration',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseDurationMs(value) !== null,
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be a duration such as "3 days", "4 hours" or "30 minutes"`,
      },
    },
    options,
  );
}
