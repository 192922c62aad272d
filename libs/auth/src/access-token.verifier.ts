import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { BaseEnv } from '@app/common';
import { AccessTokenClaims, AuthUser, toAuthUser } from './auth-user';

export const JWT_ALGORITHM = 'HS256';

/**
 * Verifies a bearer token without failing the request: for callers that only
 * want to know who it is (the gateway's per-user rate-limit bucket).
 */
@Injectable()
export class AccessTokenVerifier {
  private readonly jwt: JwtService;

  constructor(config: ConfigService<BaseEnv, true>) {
    this.jwt = new JwtService({ secret: config.get('JWT_SECRET', { infer: true }) });
  }

  verify(authorization: string | undefined): AuthUser | null {
    if (!authorization?.startsWith('Bearer ')) return null;
    try {
      return toAuthUser(this.jwt.verify<AccessTokenClaims>(authorization.slice(7), { algorithms: [JWT_ALGORITHM] }));
    } catch {
      return null;
    }
  }
}
