import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ThrottlerModule } from '@nestjs/throttler';
import { Redis } from 'ioredis';
import { AuthModule } from '@app/auth';
import { REDIS_CLIENT } from '@app/caching';
import { GatewayEnv } from '../gateway.env';
import { ClientThrottlerGuard } from './client-throttler.guard';
import { RedisThrottlerStorage } from './redis-throttler.storage';

@Module({
  imports: [
    AuthModule,
    ThrottlerModule.forRootAsync({
      inject: [ConfigService, REDIS_CLIENT],
      useFactory: (config: ConfigService<GatewayEnv, true>, redis: Redis) => ({
        throttlers: [
          {
            limit: config.get('RATE_LIMIT_MAX', { infer: true }),
            ttl: config.get('RATE_LIMIT_WINDOW_MS', { infer: true }),
          },
        ],
        storage: new RedisThrottlerStorage(redis, config.get('RATE_LIMIT_KEY_PREFIX', { infer: true })),
        errorMessage: 'Too many requests: slow down and retry after the number of seconds in Retry-After',
      }),
    }),
  ],
  providers: [ClientThrottlerGuard],
  exports: [ClientThrottlerGuard, ThrottlerModule, AuthModule],
})
export class RateLimitModule {}
