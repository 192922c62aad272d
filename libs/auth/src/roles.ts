import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiForbiddenResponse } from '@nestjs/swagger';

export enum Role {
  Customer = 'customer',
  Admin = 'admin',
}

export const ROLES_KEY = 'roles';

/**
 * Restricts a route to the given roles; combine with JwtAuthGuard and
 * RolesGuard. The OpenAPI document learns the 403 from the same decorator.
 */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiForbiddenResponse({ description: `Only for the role${roles.length > 1 ? 's' : ''} ${roles.join(', ')}` }),
  );
