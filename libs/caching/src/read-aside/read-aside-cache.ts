import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { CACHE_MANAGER, type Cache } from '@nestjs/cache-manager';
import { Redis } from 'ioredis';
import { REDIS_CLIENT } from '../redis.module';
import { CacheGenerations } from './cache-generations';
import { cacheLoads, cacheRequests } from './cache-metrics';
import {
  DEFAULT_LOAD_LEASE_MS,
  DEFAULT_OPERATION_TIMEOUT_MS,
  READ_ASIDE_CACHE_OPTIONS,
} from './read-aside-cache.options';
import type { ReadAsideCacheOptions } from './read-aside-cache.options';
import { SingleFlight } from './single-flight';
import { withTimeout } from './with-timeout';

export interface CacheRead {
  /** Metrics label, e.g. `product` or `products`. */
  cache: string;
  /** The entry's key inside the namespace. */
  key: string;
  /** Generation scopes whose bump makes this entry stale (see CacheGenerations). */
  scopes: string[];
}

export interface Cached<T> {
  value: T;
  /** Answered from the cache without a load. */
  hit: boolean;
}

interface Entry<T> {
  tag: string;
  value: T;
}

const LEASE_POLL_MS = 15;

/**
 * Read-aside cache on Redis through @nestjs/cache-manager (Keyv store).
 * An entry is served only while its generation tag is current, concurrent
 * misses of one key share one load (in the process, and across instances
 * through a short lease in Redis), and when Redis is unusable every read goes
 * to the loader: the cache can make a read faster or stale-free, never fail it.
 */
@Injectable()
export class ReadAsideCache {
  private readonly flights = new SingleFlight();
  private readonly timeoutMs: number;
  private readonly leaseMs: number;
  private readonly ttlMs: number;
  private readonly leasePrefix: string;

  constructor(
    @Inject(CACHE_MANAGER) private readonly cache: Cache,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    private readonly generations: CacheGenerations,
    @Inject(READ_ASIDE_CACHE_OPTIONS) options: ReadAsideCacheOptions,
  ) {
    this.timeoutMs = options.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS;
    this.leaseMs = options.loadLeaseMs ?? DEFAULT_LOAD_LEASE_MS;
    this.ttlMs = options.ttlMs;
    this.leasePrefix = `${options.namespace}:lease:`;
  }

  async read<T>(request: CacheRead, load: () => Promise<T>): Promise<Cached<T>> {
    const [tag, entry] = await Promise.all([this.generations.tag(request.scopes), this.get<T>(request.key)]);
    if (tag === null) {
      cacheRequests.inc({ cache: request.cache, result: 'bypass' });
      cacheLoads.inc({ cache: request.cache });
      // Not single-flighted: without generations a shared load could predate a write this caller must see.
      return { value: await load(), hit: false };
    }
    if (entry !== undefined && entry.tag === tag) {
      cacheRequests.inc({ cache: request.cache, result: 'hit' });
      return { value: entry.value, hit: true };
    }
    cacheRequests.inc({ cache: request.cache, result: 'miss' });
    const value = await this.flights.run(`${request.key}@${tag}`, () => this.fill(request, tag, load));
    return { value, hit: false };
  }

  /** Call after the change is durable; the next read of any entry in these scopes loads afresh. */
  invalidate(scopes: string[]): Promise<void> {
    return this.generations.bump(scopes);
  }

  private async fill<T>(request: CacheRead, tag: string, load: () => Promise<T>): Promise<T> {
    const lease = `${this.leasePrefix}${request.key}@${tag}`;
    const ours = await this.acquire(lease);
    try {
      if (ours === false) {
        const entry = await this.awaitEntry<T>(request.key, tag, lease);
        if (entry) return entry.value;
      }
      cacheLoads.inc({ cache: request.cache });
      const value = await load();
      await this.set(request.key, { tag, value });
      return value;
    } finally {
      if (ours === true) await this.call(this.redis.del(lease), 'DEL').catch(() => undefined);
    }
  }

  /** true: this instance loads; false: another instance is loading; null: no lease (disabled or Redis failing). */
  private async acquire(lease: string): Promise<boolean | null> {
    if (this.leaseMs <= 0) return null;
    try {
      return (await this.call(this.redis.set(lease, '1', 'PX', this.leaseMs, 'NX'), 'SET NX')) === 'OK';
    } catch {
      return null;
    }
  }

  /** Waits for the lease holder's entry; gives up when the lease is gone without one (its load failed) or expires. */
  private async awaitEntry<T>(key: string, tag: string, lease: string): Promise<Entry<T> | undefined> {
    const deadline = Date.now() + this.leaseMs;
    while (Date.now() < deadline) {
      await sleep(LEASE_POLL_MS);
      const [entry, held] = await Promise.all([
        this.get<T>(key),
        this.call(this.redis.exists(lease), 'EXISTS').catch(() => 0),
      ]);
      if (entry?.tag === tag) return entry;
      if (!held) return undefined;
    }
    return undefined;
  }

  private async get<T>(key: string): Promise<Entry<T> | undefined> {
    try {
      return (await this.call(this.cache.get<Entry<T>>(key), 'GET')) ?? undefined;
    } catch {
      return undefined;
    }
  }

  private async set<T>(key: string, entry: Entry<T>): Promise<void> {
    await this.call(this.cache.set(key, entry, this.ttlMs), 'SET').catch(() => undefined);
  }

  private call<T>(promise: Promise<T>, what: string): Promise<T> {
    return withTimeout(promise, this.timeoutMs, `Redis ${what}`);
  }
}
