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
