import { SetMetadata } from '@nestjs/common';

export enum Role {
  Customer = 'customer',
  Admin = 'admin',
}

export const ROLES_KEY = 'roles';

/** Restricts a route to the given roles; combine with JwtAuthGuard and RolesGuard. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
