import { Inject, Injectable, Optional } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Redis } from 'ioredis';
import { REDIS_CLIENT } from '@app/caching';

@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Optional() @Inject(REDIS_CLIENT) private readonly redis?: Redis,
  ) {}

  check(key = 'redis', timeoutMs = 1500) {
    return this.indicators
      .check(key)
      .attempt(async () => {
        if (!this.redis) throw new Error('RedisModule is not imported by this service');
        const reply = await this.redis.ping();
        if (reply !== 'PONG') throw new Error(`unexpected PING reply ${reply}`);
      })
      .withTimeout(timeoutMs);
  }
}
