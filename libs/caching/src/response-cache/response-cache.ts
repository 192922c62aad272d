import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import { REDIS_CLIENT } from '../redis.module';
import { cacheRequests } from '../read-aside/cache-metrics';
import type { GenerationVersion } from '../read-aside/cache-generations';
import { DEFAULT_OPERATION_TIMEOUT_MS } from '../read-aside/read-aside-cache.options';
import { withTimeout } from '../read-aside/with-timeout';

/** A whole HTTP answer, as cached: its validator, its own headers and the JSON body as sent. */
export interface CachedResponse {
  /** The strong ETag, derived from the generations the body was built under. */
  etag: string;
  headers: Record<string, string>;
  body: string;
}

const KEY_PREFIX = 'httpcache:';

/**
 * One round trip: the entry, and whether every generation it was built under is
 * still current. The entry names its own generation keys, so a reader (the
 * gateway) needs to know nothing of the scopes of what it serves.
 * Entry: `<tag>\n<generation keys, space-separated>\n<headers JSON>\n<body>`.
 */
const LOOKUP = `
local entry = redis.call('GET', KEYS[1])
if not entry then return false end
local first = string.find(entry, '\\n', 1, true)
local second = string.find(entry, '\\n', first + 1, true)
local current = {}
for key in string.gmatch(string.sub(entry, first + 1, second - 1), '%S+') do
  local generation = redis.call('GET', key)
  if not generation then return false end
  current[#current + 1] = generation
end
if table.concat(current, '.') ~= string.sub(entry, 1, first - 1) then return false end
return entry
`;

type LookupClient = Redis & { httpCacheLookup(key: string): Promise<string | null> };

export const etagOf = (tag: string): string => `"${tag}"`;

/**
 * Whole responses of public reads in Redis, keyed by path and query as the
 * client sent them, valid only while the generations they were built under
 * are current (see CacheGenerations). The service that owns the data stores
 * them on a miss; it and the gateway serve them, so every instance of either
 * sees a write at once. Only validated requests ever reach the store, so the
 * key needs no normalising: an unknown spelling is a miss, then a 400.
 */
@Injectable()
export class ResponseCache {
  private readonly redis: LookupClient;

  constructor(@Inject(REDIS_CLIENT) redis: Redis) {
    if (!('httpCacheLookup' in redis)) redis.defineCommand('httpCacheLookup', { numberOfKeys: 1, lua: LOOKUP });
    this.redis = redis as LookupClient;
  }

  /** The current answer for this path, or null (none, stale, or Redis unusable: then the request takes the slow path). */
  async lookup(path: string, cache: string): Promise<CachedResponse | null> {
    let entry: string | null;
    try {
      entry = await withTimeout(
        this.redis.httpCacheLookup(KEY_PREFIX + path),
        DEFAULT_OPERATION_TIMEOUT_MS,
        'Redis EVALSHA',
      );
    } catch {
      return null;
    }
    if (entry === null) return null;
    cacheRequests.inc({ cache, result: 'hit' });
    const first = entry.indexOf('\n');
    const second = entry.indexOf('\n', first + 1);
    const third = entry.indexOf('\n', second + 1);
    return {
      etag: etagOf(entry.slice(0, first)),
      headers: JSON.parse(entry.slice(second + 1, third)) as Record<string, string>,
      body: entry.slice(third + 1),
    };
  }

  /** Keeps an answer built after `version` was read; a write since then has already made it stale. Never throws. */
  async store(
    path: string,
    version: GenerationVersion,
    response: Pick<CachedResponse, 'headers' | 'body'>,
    ttlMs: number,
  ): Promise<void> {
    const entry = `${version.tag}\n${version.keys.join(' ')}\n${JSON.stringify(response.headers)}\n${response.body}`;
    await withTimeout(
      this.redis.set(KEY_PREFIX + path, entry, 'PX', ttlMs),
      DEFAULT_OPERATION_TIMEOUT_MS,
      'Redis SET',
    ).catch(() => undefined);
  }
}
