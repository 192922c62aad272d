import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtModule } from '@nestjs/jwt';
import { MongooseModule } from '@nestjs/mongoose';
import { UsersModule } from '../users/users.module';
import { durationSeconds, UserEnv } from '../user.env';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LoginThrottle } from './login-throttle.service';
import { PasswordHasher } from './password-hasher.service';
import { RefreshToken, RefreshTokenSchema } from './refresh-token.schema';
import { RefreshTokensRetention } from './refresh-tokens.retention';
import { RefreshTokensService } from './refresh-tokens.service';

@Module({
  imports: [
    UsersModule,
    MongooseModule.forFeature([{ name: RefreshToken.name, schema: RefreshTokenSchema }]),
    JwtModule.registerAsync({
      inject: [ConfigService],
      // HS256 with the shared secret: the JwtStrategy in @app/auth verifies exactly that, in every service.
      useFactory: (config: ConfigService<UserEnv, true>) => ({
        secret: config.get('JWT_SECRET', { infer: true }),
        signOptions: {
          algorithm: 'HS256',
          expiresIn: durationSeconds(config.get('ACCESS_TOKEN_TTL', { infer: true })),
        },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    RefreshTokensService,
    RefreshTokensRetention,
    PasswordHasher,
    AdminBootstrapService,
    LoginThrottle,
  ],
})
export class AuthModule {}
