import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SchemaObject, SwaggerModule } from '@nestjs/swagger';
import { declareValidationInOpenApi } from './declare-validation';
import { ErrorResponseDto } from './error-response.dto';
import { exactDocument } from './exact-document';

/** The OpenAPI document of an app's own routes, exact (exactDocument) and with its rules from validation. */
export function createApiDocument(app: INestApplication, title: string): OpenAPIObject {
  declareValidationInOpenApi();
  const config = new DocumentBuilder().setTitle(title).addBearerAuth().build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ErrorResponseDto] });
  declareClassRules(document);
  return exactDocument(document);
}

const objectRules = new Map<Function, ObjectRulesOptions>();

export type ObjectRulesOptions = Pick<SchemaObject, 'minProperties' | 'maxProperties'>;

/**
 * A rule about a whole body that a service checks after validation (say, "at
 * least one field"), for its OpenAPI schema: property decorators cannot say it.
 */
export const ObjectRules =
  (rules: ObjectRulesOptions): ClassDecorator =>
  (target) => {
    objectRules.set(target, rules);
  };

function declareClassRules(document: OpenAPIObject): void {
  const schemas = document.components?.schemas ?? {};
  for (const [target, rules] of objectRules) {
    const component = schemas[target.name] as SchemaObject | undefined;
    if (component) Object.assign(component, rules);
  }
}
