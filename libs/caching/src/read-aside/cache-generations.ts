import { randomInt } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { REDIS_CLIENT } from '../redis.module';
import { cacheInvalidations } from './cache-metrics';
import { withTimeout } from './with-timeout';
import { DEFAULT_OPERATION_TIMEOUT_MS, READ_ASIDE_CACHE_OPTIONS } from './read-aside-cache.options';
import type { ReadAsideCacheOptions } from './read-aside-cache.options';

/** The scope every tag includes: bumping it invalidates every entry of the namespace. */
export const ALL_SCOPE = '*';
const FLUSH_RETRY_MS = 1000;

/** The tag of some scopes and the Redis keys it was read from, in its order: what a cached response stores. */
export interface GenerationVersion {
  tag: string;
  keys: string[];
}

/**
 * Generation counters in Redis, one per scope (a product, "all lists").
 * An entry is stored with the tag (the generations of its scopes) read before
 * its load, and is a hit only while that tag is still current. A change bumps
 * its scopes after the database write, so a load that raced the write is
 * stored under a tag that is already outdated: it can never be served.
 */
@Injectable()
export class CacheGenerations implements OnApplicationShutdown {
  private readonly logger = new Logger(CacheGenerations.name);
  private readonly prefix: string;
  private readonly timeoutMs: number;
  private flushTimer?: NodeJS.Timeout;
  /** A bump failed: entries may be stale until the namespace-wide flush gets through. */
  private flushPending = false;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(READ_ASIDE_CACHE_OPTIONS) options: ReadAsideCacheOptions,
  ) {
    this.prefix = `${options.namespace}:gen:`;
    this.timeoutMs = options.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS;
    // Flush as soon as Redis is back, not at the next retry tick: other instances start trusting entries then.
    redis.on('ready', () => {
      if (this.flushPending) void this.flush();
    });
  }

  /** The current tag of these scopes, or null when the cache must not be trusted (Redis down, flush pending). */
  async tag(scopes: string[]): Promise<string | null> {
    return (await this.tags([scopes]))?.[0] ?? null;
  }

  /** The tag of these scopes with the keys behind it, or null as for `tag`. */
  async version(scopes: string[]): Promise<GenerationVersion | null> {
    const tag = await this.tag(scopes);
    if (tag === null) return null;
    return { tag, keys: [ALL_SCOPE, ...scopes].map((scope) => this.prefix + scope) };
  }

  /** The tags of several entries' scopes in one round trip; null as for `tag`. */
  async tags(scopeLists: string[][]): Promise<string[] | null> {
    if (this.flushPending) return null;
    const scopes = [...new Set([ALL_SCOPE, ...scopeLists.flat()])];
    const keys = scopes.map((scope) => this.prefix + scope);
    try {
      let values = await this.call(this.redis.mget(keys), 'MGET');
      if (values.some((value) => value === null)) {
        await this.initialise(keys.filter((_, i) => values[i] === null));
        values = await this.call(this.redis.mget(keys), 'MGET');
      }
      if (values.some((value) => value === null)) return null;
      const generation = new Map(scopes.map((scope, i) => [scope, values[i]]));
      return scopeLists.map((list) => [ALL_SCOPE, ...list].map((scope) => generation.get(scope)).join('.'));
    } catch {
      return null;
    }
  }

  /** Makes every entry of these scopes stale. Never throws: a failure turns into a pending flush. */
  async bump(scopes: string[]): Promise<void> {
    try {
      await this.incr(scopes);
      cacheInvalidations.inc({ result: 'ok' });
    } catch (error) {
      cacheInvalidations.inc({ result: 'failed' });
      this.logger.warn(`cache invalidation failed, flushing the namespace once Redis answers: ${message(error)}`);
      this.flushPending = true;
      this.scheduleFlush();
    }
  }

  get pendingFlush(): boolean {
    return this.flushPending;
  }

  onApplicationShutdown(): void {
    clearTimeout(this.flushTimer);
  }

  /**
   * A missing counter starts at a random value rather than 0: if Redis lost
   * the counters but kept entries, a restarted count would meet old tags again.
   */
  private async initialise(keys: string[]): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const key of keys) pipeline.set(key, randomInt(1, 2 ** 47), 'NX');
    await this.call(pipeline.exec(), 'SET NX');
  }

  private async incr(scopes: string[]): Promise<void> {
    const transaction = this.redis.multi();
    for (const scope of scopes) transaction.incr(this.prefix + scope);
    const results = await this.call(transaction.exec(), 'INCR');
    const failed = results?.find(([error]) => error) ?? (results ? undefined : [new Error('transaction aborted')]);
    if (failed) throw failed[0];
  }

  private scheduleFlush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => void this.flush(), FLUSH_RETRY_MS);
    this.flushTimer.unref();
  }

  private async flush(): Promise<void> {
    try {
      await this.incr([ALL_SCOPE]);
      this.flushPending = false;
      this.logger.log('cache flushed after a failed invalidation; serving from cache again');
    } catch {
      this.scheduleFlush();
    }
  }

  private call<T>(promise: Promise<T>, what: string): Promise<T> {
    return withTimeout(promise, this.timeoutMs, `Redis ${what}`);
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
