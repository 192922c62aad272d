import { Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiParam } from '@nestjs/swagger';
import { MONGO_ID_PATTERN, MongoIdPipe } from './mongo-id.pipe';

/**
 * A path parameter that is a 24-hex-digit id: validated by MongoIdPipe (400
 * otherwise) and declared in the OpenAPI document with the same pattern, and
 * with the 404 of an id that names nothing (a method's own ApiNotFoundResponse
 * says more and wins).
 */
export function IdParam(name: string, description = 'A 24-hex-digit id'): ParameterDecorator {
  return (target, key, index) => {
    Param(name, MongoIdPipe)(target, key, index);
    const method = key === undefined ? undefined : Object.getOwnPropertyDescriptor(target, key);
    if (!method || key === undefined) return;
    ApiParam({ name, description, schema: { type: 'string', pattern: MONGO_ID_PATTERN } })(target, key, method);
    ApiNotFoundResponse({ description: `Nothing has this ${name}` })(target, key, method);
  };
}
