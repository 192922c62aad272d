import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { BaseEnv } from '@app/common';
import { JWT_ALGORITHM } from './access-token.verifier';
import { AccessTokenClaims, AuthUser, toAuthUser } from './auth-user';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(config: ConfigService<BaseEnv, true>) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      ignoreExpiration: false,
      secretOrKey: config.get('JWT_SECRET', { infer: true }),
      algorithms: [JWT_ALGORITHM],
    });
  }

  validate(claims: AccessTokenClaims): AuthUser | false {
    return toAuthUser(claims) ?? false;
  }
}
