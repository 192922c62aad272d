import type { MetadataStorage as TransformMetadataStorage } from 'class-transformer/types/MetadataStorage';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { targetConstructorToSchema } from 'class-validator-jsonschema';
import type { SchemaObject } from '@nestjs/swagger';

// class-transformer keeps @Type() in a storage its index does not export; the converter needs it for nested classes.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const transformStorage = (
  require('class-transformer/cjs/storage') as { defaultMetadataStorage: TransformMetadataStorage }
).defaultMetadataStorage;

export type JsonSchema = SchemaObject;

/** Our own validators (libs/common/src/http/validation.ts, the DTOs), as JSON Schema can say them. */
const CONVERTERS = {
  maxDecimals: (meta: ValidationMetadata) => ({ multipleOf: 10 ** -Number(meta.constraints[0]) }),
  // Guessability (zxcvbn) has no JSON Schema form; the length rules beside it do.
  hardToGuess: {},
};

/**
 * The JSON Schema of a class-validator class: the very rules that validate
 * it, read from class-validator's metadata (with class-transformer's @Type()
 * for nested classes, referenced under `refPrefix`). One converter for the
 * HTTP API's OpenAPI document and the events' AsyncAPI document.
 */
export function validationSchema(target: Function, refPrefix = '#/components/schemas/'): JsonSchema {
  return targetConstructorToSchema(target, {
    classTransformerMetadataStorage: transformStorage,
    refPointerPrefix: refPrefix,
    additionalConverters: CONVERTERS,
  }) as JsonSchema;
}

/** Every class that class-validator has rules for, in the order they were declared. */
export function validatedClasses(): Function[] {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<Function, unknown> };
  return [...storage.validationMetadatas.keys()].filter((target) => typeof target === 'function');
}

/** The classes a class's schema refers to through `$ref`, found again in class-transformer's @Type(). */
export function nestedClasses(target: Function): Function[] {
  const found = new Set<Function>();
  const visit = (cls: Function) => {
    for (const meta of getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false)) {
      if (meta.type !== 'nestedValidation') continue;
      const child = transformStorage.findTypeMetadata(cls, meta.propertyName)?.typeFunction();
      if (typeof child === 'function' && !found.has(child)) {
        found.add(child);
        visit(child);
      }
    }
  };
  visit(target);
  return [...found];
}
