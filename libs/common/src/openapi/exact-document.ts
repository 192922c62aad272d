import type { OpenAPIObject } from '@nestjs/swagger';
import type { OperationObject, ReferenceObject, ResponseObject, SchemaObject } from '@nestjs/swagger';

export const ERROR_SCHEMA = 'ErrorResponseDto';
const ERROR_REF = `#/components/schemas/${ERROR_SCHEMA}`;
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The errors any operation of a kind can answer, whatever its own decorators say. */
const IMPLIED: { status: string; applies: (op: OperationObject) => boolean; description: string }[] = [
  {
    status: '400',
    applies: (op) => Boolean(op.requestBody) || (op.parameters ?? []).length > 0,
    description:
      'Invalid input: a value that breaks a rule above, a malformed id, an unknown field or query parameter, or an operator (`{"$gt": ""}`) in place of a value',
  },
  {
    status: '401',
    applies: (op) => (op.security ?? []).length > 0,
    description: 'Missing, invalid or expired access token',
  },
  { status: '413', applies: (op) => Boolean(op.requestBody), description: 'Body over 1 MB' },
  { status: '415', applies: (op) => Boolean(op.requestBody), description: 'Body not sent as application/json' },
];

export function operations(document: OpenAPIObject): [path: string, method: string, op: OperationObject][] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter((m) => item[m]).map(
      (m) => [path, m, item[m] as OperationObject] as [string, string, OperationObject],
    ),
  );
}

/** Adds an error response to an operation unless it declares that status itself. */
export function declareError(op: OperationObject, status: string, description: string): void {
  op.responses[status] ??= { description };
}

/**
 * Makes the document say what the server does, beyond what decorators say
 * one by one:
 * - every error response has the error body (`{statusCode, message, error, code?}`);
 * - every operation lists the errors its kind implies: 400 when it takes
 *   input, 401 when it takes a token, 413 and 415 when it takes a body;
 * - request bodies are closed (`additionalProperties: false`), as the global
 *   ValidationPipe refuses unknown fields, down to nested objects.
 */
export function exactDocument(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components ??= {}).schemas ?? (document.components.schemas = {});
  const bodies = new Set<string>();
  for (const [, , op] of operations(document)) {
    for (const rule of IMPLIED) if (rule.applies(op)) declareError(op, rule.status, rule.description);
    withErrorBodies(op);
    const content = (op.requestBody as { content?: Record<string, { schema?: SchemaObject | ReferenceObject }> })
      ?.content;
    for (const media of Object.values(content ?? {})) collectRefs(media.schema, schemas, bodies);
  }
  for (const name of bodies) {
    const schema = schemas[name] as SchemaObject;
    if (schema.type === 'object' || schema.properties) schema.additionalProperties = false;
  }
  return document;
}

/** Every 4xx and 5xx answers the error body. */
export function withErrorBodies(op: OperationObject): void {
  for (const [status, response] of Object.entries(op.responses) as [string, ResponseObject | ReferenceObject][]) {
    if (!/^[45]/.test(status) || '$ref' in response) continue;
    (response as ResponseObject).content ??= { 'application/json': { schema: { $ref: ERROR_REF } } };
  }
}

/** The component names a schema refers to, transitively. */
function collectRefs(
  schema: SchemaObject | ReferenceObject | undefined,
  schemas: Record<string, SchemaObject | ReferenceObject>,
  found: Set<string>,
): void {
  if (!schema || typeof schema !== 'object') return;
  if ('$ref' in schema) {
    const name = schema.$ref.split('/').pop()!;
    if (found.has(name) || !schemas[name]) return;
    found.add(name);
    collectRefs(schemas[name], schemas, found);
    return;
  }
  for (const value of Object.values(schema)) {
    if (Array.isArray(value)) for (const item of value) collectRefs(item as SchemaObject, schemas, found);
    else if (value && typeof value === 'object') collectRefs(value as SchemaObject, schemas, found);
  }
}
