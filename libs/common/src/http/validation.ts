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

/** RFC 3339's date-time (`2026-12-03T16:30:00Z`, `…T16:30:00.5+01:00`): OpenAPI's `format: date-time`. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * A query parameter read as an RFC 3339 date-time into a Date. Anything else
 * (`0.5`, `2026`, `March 3`, which `new Date()` would read as some date) is left
 * as the string it was, so `@IsDate()` after it refuses it with a 400.
 */
export const QueryDateTime = (): PropertyDecorator =>
  Transform(({ value }) => (typeof value === 'string' && DATE_TIME.test(value) ? new Date(value) : value));

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
  // Unicode's control characters (Cc) spelled as ranges: the OpenAPI document carries this pattern, and
  // fuzzers and clients in other languages read `\p{Cc}` differently or not at all.
  Matches(/^[^\u0000-\u001f\u007f-\u009f]*$/, { message: '$property must not contain control characters' });
