import { Transform } from 'class-transformer';
import { Matches, ValidateBy, ValidateIf, ValidationOptions, buildMessage } from 'class-validator';

/**
 * Optional, but never null: the property may be left out, and when it is
 * there it must pass its rules. (`@IsOptional()` also lets `null` through,
 * which would then be stored as null.)
 */
export const OptionalNotNull = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);

const DECIMAL = /^\d+(\.\d+)?$/;

/**
 * A query parameter read as a plain decimal number (`12`, `12.5`). Anything
 * else (`0x10`, `1e308`, ` 5`, an empty value) is left as the string it was,
 * so the number rules after it refuse it with a 400 instead of reading it as
 * some other number.
 */
export const QueryNumber = (): PropertyDecorator =>
  Transform(({ value }) => (typeof value === 'string' && DECIMAL.test(value) ? Number(value) : value));

/**
 * A finite number with at most `places` decimals, judged on its value: unlike
 * class-validator's `maxDecimalPlaces`, numbers written with an exponent
 * (`5e-324`, `1e3`) are judged too, instead of throwing.
 */
export function MaxDecimals(places: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxDecimals',
      constraints: [places],
      validator: {
        validate: (value: unknown) =>
          typeof value === 'number' && Number.isFinite(value) && Number(value.toFixed(places)) === value,
        defaultMessage: buildMessage((prefix) => `${prefix}$property must have at most $constraint1 decimals`, options),
      },
    },
    options,
  );
}

/**
 * No control characters (newlines, NUL, escapes): they have no place in a
 * name, an email or a search, and serve only to forge log lines, headers or
 * mail content.
 */
export const NoControlCharacters = (): PropertyDecorator =>
  Matches(/^[^\p{Cc}]*$/u, { message: '$property must not contain control characters' });
