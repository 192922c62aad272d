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

/**
 * A new product on the shared stack, once the stock report inventory sends
 * for it (which invalidates its entry) has come and gone, and then made cold
 * by an edit: the next read is a miss that nothing else will interfere with.
 */
async function coldProduct(): Promise<string> {
  const { _id } = await create();
  await eventually(
    () => http('GET', `${serviceUrl('inventory-service')}/inventory/${_id}`),
    (res) => res.status === 200,
    { what: 'inventory to open the stock record' },
  );
  await eventually(
    () => http('GET', `${PRODUCTS}/${_id}`),
    (res) => res.headers.get('x-cache') === 'HIT',
    { what: 'the product to be served from the cache' },
  );
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
    const second = await http('GET', `${PRODUCTS}/${_id}`);

    expect([first.headers.get('x-cache'), second.headers.get('x-cache')]).toEqual(['MISS', 'HIT']);
    expect(second.body).toEqual(first.body);
    expect(await counter('cache_requests_total', { cache: 'product', result: 'hit' })).toBeGreaterThan(hits);
    expect(await counter('cache_requests_total', { cache: 'product', result: 'miss' })).toBeGreaterThan(misses);
  });

  /**
   * Loads that 25 concurrent cold reads of one URL cause. The stack is shared:
   * a stock report for any product invalidates every list page, so a burst
   * that overlapped an invalidation proves nothing and is repeated on a new key.
   */
  async function coldBurstLoads(cache: string, target: () => Promise<string>): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      const url = await target();
      const [loads, invalidations] = await Promise.all([
        counter('cache_loads_total', { cache }),
        counter('cache_invalidations_total', {}),
      ]);

      const results = await Promise.all(Array.from({ length: 25 }, () => http('GET', url)));

      expect(results.every((r) => r.status === 200)).toBe(true);
      expect(new Set(results.map((r) => JSON.stringify(r.body))).size).toBe(1);
      const quiet = (await counter('cache_invalidations_total', {})) === invalidations;
      if (quiet || attempt === 5) return (await counter('cache_loads_total', { cache })) - loads;
    }
  }

  it('sends 25 concurrent cold reads of a list query to the database once', async () => {
    expect(await coldBurstLoads('products', async () => `${PRODUCTS}?category=${uniqueCategory()}&sort=price`)).toBe(1);
  });

  it('sends 25 concurrent cold reads of a product to the database once', async () => {
    expect(await coldBurstLoads('product', async () => `${PRODUCTS}/${await coldProduct()}`)).toBe(1);
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
    await eventually(
      () => http('GET', `${serviceUrl('inventory-service')}/inventory/${_id}`),
      (res) => res.status === 200,
      { what: 'inventory to open the stock record' },
    );
    for (const url of warm) {
      await eventually(
        () => http('GET', url),
        (res) => res.headers.get('x-cache') === 'HIT',
        { what: `${url} to be cached` },
      );
    }

    const result = await stopDatabase();
    stopped = true;
    expect(result.code).toBe(0);
    try {
      for (const url of warm) {
        const res = await http('GET', url);
        expect([res.status, res.headers.get('x-cache')]).toEqual([200, 'HIT']);
      }
      expect((await http('GET', `${PRODUCTS}/${_id}`)).body.price).toBe(42);

      const cold = await http('GET', `${PRODUCTS}?category=${uniqueCategory()}`);
      expect(cold).toMatchObject({ status: 503, body: { statusCode: 503, code: 'CATALOG_UNAVAILABLE' } });
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
  });
});
