export const READ_ASIDE_CACHE_OPTIONS = Symbol('READ_ASIDE_CACHE_OPTIONS');

export interface ReadAsideCacheOptions {
  /** Prefix of every key this cache writes to Redis, e.g. `catalog`. */
  namespace: string;
  /** How long an entry lives; generations make it correct, the TTL only bounds memory. */
  ttlMs: number;
  /** Redis for the entries (through Keyv); generations go through the shared REDIS_CLIENT. */
  redisUrl: string;
  /** Budget of one Redis call before the cache counts as unusable (default 250 ms). */
  operationTimeoutMs?: number;
  /**
   * How long one instance may hold the right to load a cold key while the
   * others wait for its entry (default 3000 ms; 0 keeps single-flight per process).
   */
  loadLeaseMs?: number;
}

export const DEFAULT_OPERATION_TIMEOUT_MS = 250;
export const DEFAULT_LOAD_LEASE_MS = 3000;
