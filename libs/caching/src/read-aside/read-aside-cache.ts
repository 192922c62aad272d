import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { CACHE_MANAGER, type Cache } from '@nestjs/cache-manager';
import { Redis } from 'ioredis';
import { REDIS_CLIENT } from '../redis.module';
import { CacheGenerations, type GenerationVersion } from './cache-generations';
import { cacheLoads, cacheRequests } from './cache-metrics';
import {
  DEFAULT_LOAD_LEASE_MS,
  DEFAULT_OPERATION_TIMEOUT_MS,
  READ_ASIDE_CACHE_OPTIONS,
} from './read-aside-cache.options';
import type { ReadAsideCacheOptions } from './read-aside-cache.options';
import { SingleFlight } from './single-flight';
import { withTimeout } from './with-timeout';

export interface CacheItem {
  /** The entry's key inside the namespace. */
  key: string;
  /** Generation scopes whose bump makes this entry stale (see CacheGenerations). */
  scopes: string[];
}

export interface CacheRead extends CacheItem {
  /** Metrics label, e.g. `product` or `products`. */
  cache: string;
}

export interface CacheReadMany {
  cache: string;
  items: CacheItem[];
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

/** Loads the values of the items at these positions, in that order. */
export type LoadMany<T> = (positions: number[]) => Promise<T[]>;

const LEASE_POLL_MS = 15;

/**
 * Read-aside cache on Redis through @nestjs/cache-manager (Keyv store).
 * An entry is served only while its generation tag is current, concurrent
 * misses of the same entries share one load (in the process, and across
 * instances through a short lease in Redis), and when Redis is unusable every
 * read goes to the loader: the cache can make a read faster, never stale or failed.
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
    const { value, hit } = await this.readMany<T>({ cache: request.cache, items: [request] }, async () => [
      await load(),
    ]);
    return { value: value[0], hit };
  }

  /** Several entries in two round trips; the missing ones are loaded together, by one call of `load`. */
  async readMany<T>(request: CacheReadMany, load: LoadMany<T>): Promise<Cached<T[]>> {
    const { cache, items } = request;
    if (items.length === 0) return { value: [], hit: true };
    const keys = items.map((item) => item.key);
    const [tags, entries] = await Promise.all([
      this.generations.tags(items.map((item) => item.scopes)),
      this.getMany<T>(keys),
    ]);
    if (tags === null) {
      cacheRequests.inc({ cache, result: 'bypass' }, items.length);
      cacheLoads.inc({ cache });
      // Not single-flighted: without generations a shared load could predate a write this caller must see.
      return { value: await load(items.map((_, i) => i)), hit: false };
    }
    const missing = items.map((_, i) => i).filter((i) => entries[i]?.tag !== tags[i]);
    cacheRequests.inc({ cache, result: 'hit' }, items.length - missing.length);
    const value = entries.map((entry) => entry?.value) as T[];
    if (missing.length === 0) return { value, hit: true };
    cacheRequests.inc({ cache, result: 'miss' }, missing.length);

    // The flight and lease are named after the entries and their tags, so a read that starts after
    // a change (new tag) never joins a load that started before it.
    const wanted = missing.map((i) => ({ key: keys[i], tag: tags[i] }));
    const flight = `${cache}:${wanted.map((w) => `${w.key}@${w.tag}`).join('|')}`;
    const loaded = await this.flights.run(flight, () => this.fill(cache, flight, wanted, () => load(missing)));
    missing.forEach((position, n) => (value[position] = loaded[n]));
    return { value, hit: false };
  }

  /** The current generations of these scopes, for an answer cached outside this class (ResponseCache). */
  version(scopes: string[]): Promise<GenerationVersion | null> {
    return this.generations.version(scopes);
  }

  /** Call after the change is durable; the next read of any entry in these scopes loads afresh. */
  invalidate(scopes: string[]): Promise<void> {
    return this.generations.bump(scopes);
  }

  private async fill<T>(
    cache: string,
    flight: string,
    wanted: Array<{ key: string; tag: string }>,
    load: () => Promise<T[]>,
  ): Promise<T[]> {
    const lease = this.leasePrefix + createHash('sha256').update(flight).digest('base64url');
    const ours = await this.acquire(lease);
    try {
      if (ours === false) {
        const entries = await this.awaitEntries<T>(wanted, lease);
        if (entries) return entries;
      }
      cacheLoads.inc({ cache });
      const values = await load();
      const list = wanted.map(({ key, tag }, n) => ({ key, value: { tag, value: values[n] }, ttl: this.ttlMs }));
      await this.call(this.cache.mset(list), 'MSET').catch(() => undefined);
      return values;
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

  /** Waits for the lease holder's entries; gives up when the lease is gone without them (its load failed) or expires. */
  private async awaitEntries<T>(wanted: Array<{ key: string; tag: string }>, lease: string): Promise<T[] | undefined> {
    const deadline = Date.now() + this.leaseMs;
    while (Date.now() < deadline) {
      await sleep(LEASE_POLL_MS);
      const [entries, held] = await Promise.all([
        this.getMany<T>(wanted.map((w) => w.key)),
        this.call(this.redis.exists(lease), 'EXISTS').catch(() => 0),
      ]);
      if (entries.every((entry, n) => entry?.tag === wanted[n].tag)) return entries.map((entry) => entry!.value);
      if (!held) return undefined;
    }
    return undefined;
  }

  private async getMany<T>(keys: string[]): Promise<Array<Entry<T> | undefined>> {
    try {
      const entries = await this.call(this.cache.mget<Entry<T>>(keys), 'MGET');
      return keys.map((_, i) => entries[i] ?? undefined);
    } catch {
      return keys.map(() => undefined);
    }
  }

  private call<T>(promise: Promise<T>, what: string): Promise<T> {
    return withTimeout(promise, this.timeoutMs, `Redis ${what}`);
  }
}
