import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { BaseEnv, jwtSecret } from '@app/common';
import { AccessTokenClaims, AuthUser } from './auth-user';
import { Role } from './roles';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(config: ConfigService<BaseEnv, true>) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      ignoreExpiration: false,
      secretOrKey: jwtSecret({ JWT_SECRET: config.get('JWT_SECRET', { infer: true }) }),
      algorithms: ['HS256'],
    });
  }

  validate(claims: AccessTokenClaims): AuthUser | false {
    const roles = Object.values(Role) as string[];
    if (typeof claims.sub !== 'string' || !roles.includes(claims.role)) return false;
    return { userId: claims.sub, email: claims.email, role: claims.role };
  }
}
