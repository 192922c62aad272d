import { Logger } from '@nestjs/common';
import { createCache } from 'cache-manager';
import type { Cache } from '@nestjs/cache-manager';
import { CacheGenerations } from './cache-generations';
import { cacheRequests } from './cache-metrics';
import { ReadAsideCache } from './read-aside-cache';
import { ReadAsideCacheOptions } from './read-aside-cache.options';
import { FakeRedis } from './testing/fake-redis';

const OPTIONS: ReadAsideCacheOptions = {
  namespace: 'test',
  ttlMs: 60_000,
  redisUrl: 'redis://unused',
  operationTimeoutMs: 50,
  loadLeaseMs: 500,
};
const PRODUCT = { cache: 'product', key: 'product:1', scopes: ['product:1'] };

/** One service instance: its own process-local state, sharing Redis (fake) and the entry store with its peers. */
function newInstance(shared: { fake: FakeRedis; store: Cache }, options = OPTIONS) {
  const redis = shared.fake as never;
  const generations = new CacheGenerations(redis, options);
  return new ReadAsideCache(shared.store, redis, generations, options);
}

function newTestCache(options = OPTIONS) {
  const shared = { fake: new FakeRedis(), store: createCache() as unknown as Cache };
  return { sut: newInstance(shared, options), ...shared, peer: () => newInstance(shared, options) };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

async function counted(result: string): Promise<number> {
  const metric = await cacheRequests.get();
  return metric.values.find((v) => v.labels.cache === 'product' && v.labels.result === result)?.value ?? 0;
}

describe(ReadAsideCache.name, () => {
  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation();
    jest.spyOn(Logger.prototype, 'log').mockImplementation();
  });
  afterEach(() => jest.restoreAllMocks());

  it('loads on the first read and answers the next one from the cache', async () => {
    const { sut } = newTestCache();
    const load = jest.fn().mockResolvedValue({ price: 10 });
    const hitsBefore = await counted('hit');

    expect(await sut.read(PRODUCT, load)).toEqual({ value: { price: 10 }, hit: false });
    expect(await sut.read(PRODUCT, load)).toEqual({ value: { price: 10 }, hit: true });
    expect(load).toHaveBeenCalledTimes(1);
    expect((await counted('hit')) - hitsBefore).toBe(1);
  });

  it('loads afresh after its scope is invalidated, and only that scope', async () => {
    const { sut } = newTestCache();
    const other = { cache: 'product', key: 'product:2', scopes: ['product:2'] };
    await sut.read(PRODUCT, async () => 'old');
    await sut.read(other, async () => 'other');

    await sut.invalidate(['product:1']);

    expect(await sut.read(PRODUCT, async () => 'new')).toEqual({ value: 'new', hit: false });
    expect(await sut.read(other, async () => 'unused')).toEqual({ value: 'other', hit: true });
  });

  it('never serves a value loaded before a write that finished before the read', async () => {
    const { sut } = newTestCache();
    const slowLoad = deferred<string>();
    const racing = sut.read(PRODUCT, () => slowLoad.promise);

    // The write lands and invalidates while the racing read is still loading the old row.
    await new Promise((r) => setImmediate(r));
    await sut.invalidate(['product:1']);
    slowLoad.resolve('old');
    await racing;

    expect(await sut.read(PRODUCT, async () => 'new')).toEqual({ value: 'new', hit: false });
  });

  it('does not let a read that starts after a write join a load that started before it', async () => {
    const { sut } = newTestCache();
    const slowLoad = deferred<string>();
    const before = sut.read(PRODUCT, () => slowLoad.promise);
    await new Promise((r) => setImmediate(r));
    await sut.invalidate(['product:1']);

    const after = sut.read(PRODUCT, async () => 'new');
    slowLoad.resolve('old');

    expect((await after).value).toBe('new');
    expect((await before).value).toBe('old');
  });

  it('collapses concurrent misses of one key into one load', async () => {
    const { sut } = newTestCache();
    const load = jest.fn(async () => {
      await new Promise((r) => setTimeout(r, 20));
      return 'value';
    });

    const results = await Promise.all(Array.from({ length: 25 }, () => sut.read(PRODUCT, load)));

    expect(load).toHaveBeenCalledTimes(1);
    expect(results.every((r) => r.value === 'value')).toBe(true);
  });

  it('collapses concurrent misses across instances through the lease: one load in all', async () => {
    const { sut, peer } = newTestCache();
    const instances = [sut, peer(), peer()];
    const load = jest.fn(async () => {
      await new Promise((r) => setTimeout(r, 40));
      return 'value';
    });

    const results = await Promise.all(
      instances.flatMap((cache) => [cache.read(PRODUCT, load), cache.read(PRODUCT, load)]),
    );

    expect(load).toHaveBeenCalledTimes(1);
    expect(results.map((r) => r.value)).toEqual(Array(6).fill('value'));
  });

  it('loads itself when the lease holder’s load fails', async () => {
    const { sut, peer } = newTestCache();
    const failing = sut.read(PRODUCT, async () => {
      await new Promise((r) => setTimeout(r, 30));
      throw new Error('database down');
    });
    const waiting = peer().read(PRODUCT, async () => 'from the peer');

    await expect(failing).rejects.toThrow('database down');
    expect((await waiting).value).toBe('from the peer');
  });

  it('answers from the loader when Redis is down, and caches nothing then', async () => {
    const { sut, fake } = newTestCache();
    await sut.read(PRODUCT, async () => 'cached before the outage');
    fake.down = true;
    const bypassed = await counted('bypass');

    expect(await sut.read(PRODUCT, async () => 'from the database')).toEqual({
      value: 'from the database',
      hit: false,
    });
    expect((await counted('bypass')) - bypassed).toBe(1);
  });

  it('answers from the loader when the entry store hangs', async () => {
    const { sut, store } = newTestCache();
    jest.spyOn(store, 'mget').mockReturnValue(new Promise(() => undefined));
    jest.spyOn(store, 'mset').mockReturnValue(new Promise(() => undefined));

    expect(await sut.read(PRODUCT, async () => 'value')).toEqual({ value: 'value', hit: false });
  });

  it('bypasses the cache after an invalidation that did not reach Redis, until the flush gets through', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] });
    try {
      const { sut, fake } = newTestCache();
      await sut.read(PRODUCT, async () => 'old');
      fake.down = true;
      await sut.invalidate(['product:1']);
      fake.down = false;

      // Redis is back but has not been flushed yet: the old entry must not be served.
      expect(await sut.read(PRODUCT, async () => 'new')).toEqual({ value: 'new', hit: false });
      await jest.advanceTimersByTimeAsync(1000);

      expect(await sut.read(PRODUCT, async () => 'new')).toEqual({ value: 'new', hit: false });
      expect(await sut.read(PRODUCT, async () => 'unused')).toEqual({ value: 'new', hit: true });
    } finally {
      jest.useRealTimers();
    }
  });

  it('does not revive old entries when Redis loses its generation counters', async () => {
    const { sut, fake } = newTestCache();
    await sut.read(PRODUCT, async () => 'old');
    for (const key of [...fake.data.keys()].filter((k) => k.startsWith('test:gen:'))) fake.data.delete(key);

    expect(await sut.read(PRODUCT, async () => 'new')).toEqual({ value: 'new', hit: false });
  });

  describe('several entries at once', () => {
    const items = (ids: string[]) => ({
      cache: 'stock',
      items: ids.map((id) => ({ key: `stock:${id}`, scopes: [`product:${id}`] })),
    });

    it('loads only the missing entries, in one call, and answers them in order', async () => {
      const { sut } = newTestCache();
      await sut.readMany(items(['a', 'c']), async () => ['A1', 'C1']);
      const load = jest.fn(async (positions: number[]) => positions.map((p) => `loaded ${p}`));

      const result = await sut.readMany(items(['a', 'b', 'c', 'd']), load);

      expect(result).toEqual({ value: ['A1', 'loaded 1', 'C1', 'loaded 3'], hit: false });
      expect(load).toHaveBeenCalledTimes(1);
      expect(load).toHaveBeenCalledWith([1, 3]);
      expect(await sut.readMany(items(['a', 'b', 'c', 'd']), load)).toMatchObject({ hit: true });
    });

    it('reloads only the entry whose scope was invalidated', async () => {
      const { sut } = newTestCache();
      await sut.readMany(items(['a', 'b']), async () => ['A1', 'B1']);

      await sut.invalidate(['product:b']);
      const load = jest.fn(async () => ['B2']);

      expect((await sut.readMany(items(['a', 'b']), load)).value).toEqual(['A1', 'B2']);
      expect(load).toHaveBeenCalledWith([1]);
    });

    it('collapses concurrent identical misses into one load', async () => {
      const { sut, peer } = newTestCache();
      const other = peer();
      const load = jest.fn(async () => {
        await new Promise((r) => setTimeout(r, 30));
        return ['A', 'B'];
      });

      const results = await Promise.all(
        [sut, sut, other, other].map((cache) => cache.readMany(items(['a', 'b']), load)),
      );

      expect(load).toHaveBeenCalledTimes(1);
      expect(results.map((r) => r.value)).toEqual(Array(4).fill(['A', 'B']));
    });

    it('answers an empty list as a hit without touching Redis', async () => {
      const { sut, fake } = newTestCache();

      expect(await sut.readMany(items([]), async () => [])).toEqual({ value: [], hit: true });
      expect(fake.calls.size).toBe(0);
    });
  });
});
