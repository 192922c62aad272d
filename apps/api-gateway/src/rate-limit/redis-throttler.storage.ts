import { Logger } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import { Redis } from 'ioredis';

// One round trip, atomic in Redis: count the hit in a fixed window and, past
// the limit, open a block that outlives the window by blockDuration.
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
local blocked = redis.call('PTTL', KEYS[2])
if blocked <= 0 and hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  blocked = tonumber(ARGV[3])
end
return { hits, ttl, blocked }
`;

type CountingClient = Redis & {
  rateLimitIncrement(hits: string, blocked: string, ttl: number, limit: number, block: number): Promise<unknown>;
};

/**
 * Rate-limit counters in Redis, so every gateway instance sees the same
 * buckets. (`@nest-lab/throttler-storage-redis` does not declare Nest 12
 * support yet.) If Redis is unreachable the limit fails open: the platform
 * keeps serving and /health reports Redis DOWN.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger(RedisThrottlerStorage.name);
  private lastWarning = 0;
  private readonly redis: CountingClient;

  constructor(
    redis: Redis,
    /** Gateways that share a prefix share buckets; a separate prefix isolates a deployment (or a test). */
    private readonly prefix = 'ratelimit',
  ) {
    // EVALSHA on every request: the script's text crosses the wire (and is hashed by Redis) once.
    if (!('rateLimitIncrement' in redis))
      redis.defineCommand('rateLimitIncrement', { numberOfKeys: 2, lua: INCREMENT });
    this.redis = redis as CountingClient;
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const base = `${this.prefix}:{${throttlerName}:${key}}`;
    try {
      const [hits, windowMs, blockedMs] = (await this.redis.rateLimitIncrement(
        base,
        `${base}:blocked`,
        ttl,
        limit,
        blockDuration,
      )) as [number, number, number];
      return {
        totalHits: hits,
        timeToExpire: Math.ceil(windowMs / 1000),
        isBlocked: blockedMs > 0,
        timeToBlockExpire: Math.max(0, Math.ceil(blockedMs / 1000)),
      };
    } catch (error) {
      this.warnAtMostEveryMinute(error);
      return { totalHits: 0, timeToExpire: Math.ceil(ttl / 1000), isBlocked: false, timeToBlockExpire: 0 };
    }
  }

  private warnAtMostEveryMinute(error: unknown): void {
    if (Date.now() - this.lastWarning < 60_000) return;
    this.lastWarning = Date.now();
    this.logger.warn(`rate limiting is off while Redis is unreachable: ${(error as Error).message}`);
  }
}
