import { Role } from '@app/auth';
import { ProductInput, productInput, uniqueCategory } from './factories/product.factory';
import { eventually } from './support/eventually';
import { startService, stopGracefully } from './support/faults';
import { http } from './support/http';
import { GATEWAY, serviceUrl } from './support/stack';
import { accessToken } from './support/tokens';

/**
 * Whole catalog answers cached in Redis and served by product-service and by
 * every gateway instance (docs/API.md, "Caching"): a write through one
 * instance shows at once through the other, and conditional GETs follow the
 * catalog's generations.
 */
const SECOND_PORT = 8001;
const SECOND = `http://127.0.0.1:${SECOND_PORT}`;
const DIRECT = serviceUrl('product-service');
const admin = accessToken(Role.Admin);

async function create(input: ProductInput): Promise<{ _id: string }> {
  const res = await http('POST', `${GATEWAY}/api/products`, { token: admin, body: input });
  expect(res.status).toBe(201);
  return res.body;
}

/** Inventory has opened the product's stock: its report, which invalidates the product, is behind us. */
async function settled(productId: string): Promise<void> {
  await eventually(
    () => http('GET', `${serviceUrl('inventory-service')}/inventory/${productId}`),
    (res) => res.status === 200,
    { what: 'inventory to open the stock record', timeoutMs: 60_000 },
  );
  await eventually(
    () => http('GET', `${DIRECT}/products/${productId}`),
    (res) => res.status === 200 && res.body.stock === 7,
    { what: 'product-service to show the opened stock' },
  );
}

const patch = (base: string, productId: string, body: object) =>
  http('PATCH', `${base}/api/products/${productId}`, { token: admin, body });

beforeAll(async () => {
  // As an operator would add one: `npm run service -- api-gateway --port 8001 --instance 2`.
  await startService('api-gateway', ['--port', String(SECOND_PORT), '--instance', '2'], {
    RATE_LIMIT_MAX: '1000000',
  });
});

afterAll(() => stopGracefully('api-gateway-2'));

describe('catalog answers cached at two gateway instances', () => {
  it('shows a price changed through one instance on the very next read through the other, 50 times', async () => {
    const { _id } = await create(productInput({ price: 1 }));
    await settled(_id);
    const warmHits: boolean[] = [];
    const seen: number[] = [];

    for (let round = 1; round <= 50; round++) {
      const [writer, reader] = round % 2 ? [GATEWAY, SECOND] : [SECOND, GATEWAY];
      await http('GET', `${reader}/api/products/${_id}`);
      const warm = await http('GET', `${reader}/api/products/${_id}`);
      warmHits.push(warm.headers.get('x-cache') === 'HIT');

      expect((await patch(writer, _id, { price: round + 1 })).status).toBe(200);
      seen.push((await http('GET', `${reader}/api/products/${_id}`)).body.price);
    }

    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
    // The reads before each write were answered from the cache: coherence, not a cache that is never used.
    expect(warmHits.every(Boolean)).toBe(true);
  });

  it('answers 404 on both instances once a product is deleted through one', async () => {
    const category = uniqueCategory();
    const { _id } = await create(productInput({ category }));
    await settled(_id);
    for (const base of [GATEWAY, SECOND]) {
      await http('GET', `${base}/api/products/${_id}`);
      expect((await http('GET', `${base}/api/products/${_id}`)).headers.get('x-cache')).toBe('HIT');
      expect((await http('GET', `${base}/api/products?category=${category}`)).body).toHaveLength(1);
    }

    expect((await http('DELETE', `${SECOND}/api/products/${_id}`, { token: admin })).status).toBe(204);

    for (const base of [GATEWAY, SECOND]) {
      expect((await http('GET', `${base}/api/products/${_id}`)).status).toBe(404);
      expect((await http('GET', `${base}/api/products?category=${category}`)).body).toEqual([]);
    }
  });

  it('moves a product in or out of a price-filtered list at once', async () => {
    const category = uniqueCategory();
    const { _id } = await create(productInput({ category, price: 5 }));
    await settled(_id);
    const cheap = `/api/products?category=${category}&maxPrice=10`;
    const dear = `/api/products?category=${category}&minPrice=15`;
    for (const base of [GATEWAY, SECOND]) {
      await Promise.all([http('GET', base + cheap), http('GET', base + dear)]);
      expect((await http('GET', base + cheap)).body.map((p: { _id: string }) => p._id)).toEqual([_id]);
    }

    expect((await patch(GATEWAY, _id, { price: 20 })).status).toBe(200);

    const ids = async (url: string) => (await http('GET', url)).body.map((p: { _id: string }) => p._id);
    expect(await ids(SECOND + cheap)).toEqual([]);
    expect(await ids(SECOND + dear)).toEqual([_id]);
    expect(await ids(GATEWAY + cheap)).toEqual([]);
  });
});

describe('conditional GETs of the catalog', () => {
  const bases = [`${GATEWAY}/api`, `${SECOND}/api`, DIRECT];

  it('answers 304 to a current If-None-Match and 200 with the new tag to a stale one, through either gateway and direct', async () => {
    const { _id } = await create(productInput({ price: 30 }));
    await settled(_id);
    const first = await http('GET', `${DIRECT}/products/${_id}`);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\d.]+"$/);
    expect(first.headers.get('cache-control')).toBe('public, no-cache');

    for (const base of bases) {
      const res = await http('GET', `${base}/products/${_id}`, { headers: { 'if-none-match': etag } });
      expect([res.status, res.headers.get('etag'), res.body]).toEqual([304, etag, undefined]);
    }

    expect((await patch(SECOND, _id, { price: 31 })).status).toBe(200);

    for (const base of bases) {
      const res = await http('GET', `${base}/products/${_id}`, { headers: { 'if-none-match': etag } });
      expect([res.status, res.body.price]).toEqual([200, 31]);
      const fresh = res.headers.get('etag')!;
      expect(fresh).not.toBe(etag);
      const again = await http('GET', `${base}/products/${_id}`, { headers: { 'if-none-match': `W/${fresh}` } });
      expect(again.status).toBe(304);
    }
  });

  it('gives list pages a tag that a catalog write changes, and 304 while it holds', async () => {
    const category = uniqueCategory();
    const { _id } = await create(productInput({ category }));
    await settled(_id);
    const path = `/products?category=${category}`;
    // Any product's stock change (other suites' orders) moves every list tag: wait for a quiet moment.
    const { before } = await eventually(
      async () => {
        const tag = (await http('GET', `${GATEWAY}/api${path}`)).headers.get('etag')!;
        const answers = await Promise.all(
          bases.map((base) => http('GET', base + path, { headers: { 'if-none-match': tag } })),
        );
        return { before: tag, statuses: answers.map((res) => res.status) };
      },
      ({ statuses }) => statuses.every((status) => status === 304),
      { what: 'a list tag current at both gateways and at product-service' },
    );

    await create(productInput({ category }));

    for (const base of bases) {
      const res = await http('GET', base + path, { headers: { 'if-none-match': before } });
      expect(res.status).toBe(200);
      expect(res.body).toHaveLength(2);
      expect(res.headers.get('etag')).not.toBe(before);
    }
  });
});
