import { Role } from './roles';

/** The caller, as the access token describes them. */
export interface AuthUser {
  userId: string;
  email: string;
  role: Role;
}

/** Claims inside an access token. */
export interface AccessTokenClaims {
  sub: string;
  email: string;
  role: Role;
}

const ROLES = new Set<string>(Object.values(Role));

/**
 * The caller described by verified claims, or null when the claims are not
 * ours. The signature's verifier checks `exp` only when it is present, so a
 * token without one, which would never expire, is refused here.
 */
export function toAuthUser(claims: Partial<AccessTokenClaims> & { exp?: unknown }): AuthUser | null {
  if (
    typeof claims.sub !== 'string' ||
    typeof claims.email !== 'string' ||
    !ROLES.has(claims.role as string) ||
    typeof claims.exp !== 'number'
  )
    return null;
  return { userId: claims.sub, email: claims.email, role: claims.role as Role };
}
