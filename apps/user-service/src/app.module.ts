import { Module } from '@nestjs/common';
import { RedisModule } from '@app/caching';
import { MetricsModule, ServiceConfigModule } from '@app/common';
import { HealthModule } from '@app/health';
import { AuthModule } from './auth/auth.module';
import { UsersModule } from './users/users.module';
import { UserEnv } from './user.env';

/**
 * Identity: accounts, passwords and tokens. It signs the access tokens that
 * every other service verifies on its own, and hands out rotating refresh tokens.
 * Redis holds its failed-login counts (LoginThrottle).
 */
@Module({
  imports: [
    ServiceConfigModule.forService('user-service', { env: UserEnv }),
    MetricsModule,
    RedisModule,
    HealthModule.forService('user-service'),
    UsersModule,
    AuthModule,
  ],
})
export class AppModule {}
