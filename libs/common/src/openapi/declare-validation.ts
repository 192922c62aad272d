import { ApiProperty } from '@nestjs/swagger';
import { JsonSchema, validatedClasses, validationSchema } from '../schema/validation-schema';

/** What a validation rule says that an OpenAPI property can say too. */
const CONSTRAINTS = [
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'multipleOf',
  'pattern',
  'enum',
  'format',
  'minItems',
  'maxItems',
] as const;

/**
 * Declares every class-validator rule in the OpenAPI metadata of its class,
 * before Nest's swagger module reads it: bounds, lengths, patterns, enums,
 * integers and which properties are required come from the rules that
 * validate requests, so the document cannot drift from them. `@ApiProperty`
 * keeps what rules cannot say: descriptions, examples, defaults.
 */
export function declareValidationInOpenApi(): void {
  for (const target of validatedClasses()) {
    const schema = validationSchema(target);
    const required = new Set(schema.required ?? []);
    for (const [property, rules] of Object.entries(schema.properties ?? {}) as [string, JsonSchema][]) {
      const declared: Record<string, unknown> = { required: required.has(property) };
      for (const key of CONSTRAINTS) if (rules[key] !== undefined) declared[key] = rules[key];
      if (rules.type === 'integer') declared.type = 'integer';
      ApiProperty(declared)(target.prototype as object, property);
    }
  }
}
