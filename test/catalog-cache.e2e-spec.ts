import { Role } from '@app/auth';
import { productInput, uniqueCategory } from './factories/product.factory';
import { eventually } from './support/eventually';
import { http } from './support/http';
import { ServiceProcess, freePort, runNode, spawnService } from './support/processes';
import { serviceUrl } from './support/stack';
import { accessToken } from './support/tokens';

const SERVICE = serviceUrl('product-service');
const PRODUCTS = `${SERVICE}/products`;
const admin = accessToken(Role.Admin);

/** The value of one counter on product-service's /metrics (0 when it has not been counted yet). */
async function counter(name: string, labels: Record<string, string>, base = SERVICE): Promise<number> {
  const text = (await http<string>('GET', `${base}/metrics`)).body;
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) && wanted.every((label) => line.includes(label)))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

async function create(base = PRODUCTS, input = productInput()) {
  const res = await http('POST', base, { token: admin, body: input });
  expect(res.status).toBe(201);
  return res.body as { _id: string; price: number };
}

/** Inventory has opened the product's stock (and reported it, which invalidates the product's entries). */
async function stockOpened(productId: string): Promise<void> {
  await eventually(
    () => http('GET', `${serviceUrl('inventory-service')}/inventory/${productId}`),
    (res) => res.status === 200,
    { what: 'inventory to open the stock record', timeoutMs: 60_000 },
  );
}

/** A product whose entries an edit has just made stale: its next read is a miss. */
async function coldProduct(): Promise<string> {
  const { _id } = await create();
  expect((await http('PATCH', `${PRODUCTS}/${_id}`, { token: admin, body: { price: 3 } })).status).toBe(200);
  return _id;
}

describe('read-aside cache', () => {
  it('answers MISS, then HIT, and counts both on /metrics', async () => {
    const _id = await coldProduct();
    const [hits, misses] = await Promise.all([
      counter('cache_requests_total', { cache: 'product', result: 'hit' }),
      counter('cache_requests_total', { cache: 'product', result: 'miss' }),
    ]);

    const first = await http('GET', `${PRODUCTS}/${_id}`);
    // Inventory's stock report for the new product may invalidate it once more: the next hit is what counts.
    const later = await eventually(
      () => http('GET', `${PRODUCTS}/${_id}`),
      (res) => res.headers.get('x-cache') === 'HIT',
      { what: 'a read served from the cache' },
    );

    expect(first.headers.get('x-cache')).toBe('MISS');
    expect(later.body).toEqual({ ...first.body, stock: later.body.stock });
    expect(await counter('cache_requests_total', { cache: 'product', result: 'hit' })).toBeGreaterThan(hits);
    expect(await counter('cache_requests_total', { cache: 'product', result: 'miss' })).toBeGreaterThan(misses);
  });

  /**
   * Loads, per cache, that 25 concurrent cold reads of one URL cause. The
   * stack is shared: a burst that overlapped any invalidation proves nothing
   * and is repeated on a fresh URL (`url(attempt)`).
   */
  async function coldBurstLoads(caches: string[], url: (attempt: number) => Promise<string>) {
    const loads = () => Promise.all(caches.map((cache) => counter('cache_loads_total', { cache })));
    for (let attempt = 1; ; attempt++) {
      const target = await url(attempt);
      const [before, invalidations] = await Promise.all([loads(), counter('cache_invalidations_total', {})]);

      const results = await Promise.all(Array.from({ length: 25 }, () => http('GET', target)));

      expect(results.every((r) => r.status === 200)).toBe(true);
      expect(new Set(results.map((r) => JSON.stringify(r.body))).size).toBe(1);
      const quiet = (await counter('cache_invalidations_total', {})) === invalidations;
      if (quiet || attempt === 5) {
        const after = await loads();
        return Object.fromEntries(caches.map((cache, i) => [cache, after[i] - before[i]]));
      }
    }
  }

  it('sends 25 concurrent cold reads of a list page to the database once, and its stock figures once', async () => {
    const category = uniqueCategory();
    for (let i = 0; i < 3; i++) await create(PRODUCTS, productInput({ category }));

    const loads = await coldBurstLoads(
      ['products', 'stock'],
      async (attempt) => `${PRODUCTS}?category=${category}&limit=${20 + attempt}`,
    );

    expect(loads.products).toBe(1);
    expect(loads.stock).toBeLessThanOrEqual(1);
  });

  it('sends 25 concurrent cold reads of a product to the database once', async () => {
    const loads = await coldBurstLoads(['product'], async () => `${PRODUCTS}/${await coldProduct()}`);

    expect(loads.product).toBe(1);
  });
});

describe('read-aside cache with Redis unreachable', () => {
  let instance: ServiceProcess;

  beforeAll(async () => {
    instance = await spawnService('product-service', { REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
  });
  afterAll(() => instance.stop());

  it('reads and writes still work, from MongoDB, and a change shows at once', async () => {
    const base = `${instance.url}/products`;
    const { _id } = await create(base, productInput({ price: 10 }));

    const reads = [await http('GET', `${base}/${_id}`), await http('GET', `${base}/${_id}`)];
    expect(reads.map((r) => [r.status, r.headers.get('x-cache'), r.body.price])).toEqual([
      [200, 'MISS', 10],
      [200, 'MISS', 10],
    ]);
    expect((await http('PATCH', `${base}/${_id}`, { token: admin, body: { price: 11 } })).status).toBe(200);
    expect((await http('GET', `${base}/${_id}`)).body.price).toBe(11);
    expect((await http('GET', `${base}?search=${_id}`)).status).toBe(200);
    expect(await counter('cache_requests_total', { result: 'bypass' }, instance.url)).toBeGreaterThanOrEqual(3);
  });
});

describe('read-aside cache with the database stopped', () => {
  const stopDatabase = () =>
    runNode(['-e', "import('./scripts/lib/infra/ferretdb.mjs').then((m) => m.stop())"], { timeoutMs: 30_000 });
  const startInfra = () => runNode(['scripts/infra.mjs', 'up'], { timeoutMs: 120_000 });
  const health = () => http('GET', `${SERVICE}/health`);
  let stopped = false;

  afterAll(async () => {
    // Whatever happened above, leave the database running for the suites after this one.
    if (stopped) await startInfra();
    await eventually(health, (res) => res.status === 200, { what: 'product-service /health UP', timeoutMs: 60_000 });
  });

  it('answers cached reads while the database is down, reports it DOWN, and recovers without a restart', async () => {
    const category = uniqueCategory();
    const { _id } = await create(PRODUCTS, productInput({ category, price: 42 }));
    const warm = [`${PRODUCTS}/${_id}`, `${PRODUCTS}?category=${category}`];
    await stockOpened(_id);
    // Counted before the last reads that find the entries cached: an invalidation after it may have made one stale.
    const warmed = async () => {
      const invalidations = await counter('cache_invalidations_total', {});
      const reads = await Promise.all(warm.map((url) => http('GET', url)));
      return { invalidations, hits: reads.map((res) => res.headers.get('x-cache') === 'HIT') };
    };
    const state = await eventually(warmed, ({ hits }) => hits.every(Boolean), {
      what: 'the product and its list page to be cached',
    }).catch(() => warmed());
    expect(state.hits[0]).toBe(true);

    const result = await stopDatabase();
    stopped = true;
    expect(result.code).toBe(0);
    try {
      const product = await http('GET', `${PRODUCTS}/${_id}`);
      expect([product.status, product.headers.get('x-cache'), product.body.price]).toEqual([200, 'HIT', 42]);
      const page = await http('GET', `${PRODUCTS}?category=${category}`);
      // A product created elsewhere on the shared stack makes every list page stale (and uncachable until the
      // database is back): the page must be a hit unless that happened between its last cached read and the stop.
      if (state.hits[1] && (await counter('cache_invalidations_total', {})) === state.invalidations) {
        expect([page.status, page.headers.get('x-cache'), page.body[0]?._id]).toEqual([200, 'HIT', _id]);
      }

      // Not through http(): the driver gives the database its server-selection timeout before the 503.
      const cold = await fetch(`${PRODUCTS}?category=${uniqueCategory()}`, { signal: AbortSignal.timeout(30_000) });
      expect(cold.status).toBe(503);
      expect(await cold.json()).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
      const down = await health();
      expect(down).toMatchObject({ status: 503, body: { status: 'DOWN', db: 'DISCONNECTED' } });
    } finally {
      const restarted = await startInfra();
      expect(restarted.code).toBe(0);
      stopped = false;
    }

    await eventually(health, (res) => res.status === 200 && res.body.db === 'CONNECTED', {
      what: 'product-service /health UP again',
      timeoutMs: 60_000,
    });
    const patched = await eventually(
      () => http('PATCH', `${PRODUCTS}/${_id}`, { token: admin, body: { price: 43 } }),
      (res) => res.status === 200,
      { what: 'writes to work again' },
    );
    expect(patched.body.price).toBe(43);
    expect((await http('GET', `${PRODUCTS}/${_id}`)).body.price).toBe(43);
    expect((await http('GET', `${PRODUCTS}?category=${uniqueCategory()}`)).status).toBe(200);
  }, 180_000);
});
