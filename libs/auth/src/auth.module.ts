import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { AccessTokenVerifier } from './access-token.verifier';
import { JwtAuthGuard, RolesGuard } from './guards';
import { JwtStrategy } from './jwt.strategy';

/** Token verification for every service: the gateway is not the only line of defence. */
@Module({
  imports: [PassportModule],
  providers: [JwtStrategy, JwtAuthGuard, RolesGuard, AccessTokenVerifier],
  exports: [JwtAuthGuard, RolesGuard, AccessTokenVerifier],
})
export class AuthModule {}
