import { Role } from '@app/auth';
import { InventoryStockChangedEvent, TOPICS, newEvent } from '@app/events';
import { ProductInput, catalogInputs, productInput, uniqueCategory } from './factories/product.factory';
import { eventually } from './support/eventually';
import { kafkaClient } from './support/kafka';
import { http } from './support/http';
import { GATEWAY, serviceUrl } from './support/stack';
import { accessToken } from './support/tokens';

const PRODUCTS = `${serviceUrl('product-service')}/products`;
const API_PRODUCTS = `${GATEWAY}/api/products`;
const UNKNOWN_ID = 'f'.repeat(24);
const admin = accessToken(Role.Admin);
const customer = accessToken(Role.Customer);

async function create(input: ProductInput = productInput()) {
  const res = await http('POST', PRODUCTS, { token: admin, body: input });
  expect(res.status).toBe(201);
  return res.body as { _id: string; price: number; revision: number };
}

const list = (query: Record<string, string | number>, base = PRODUCTS) =>
  http('GET', `${base}?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`);

describe('catalog writes are for admins', () => {
  it.each([
    ['service port', PRODUCTS],
    ['gateway', API_PRODUCTS],
  ])('through the %s: no token 401, a customer 403, an admin 201/200/204', async (_, base) => {
    const input = productInput();
    expect((await http('POST', base, { body: input })).status).toBe(401);
    expect((await http('POST', base, { token: customer, body: input })).status).toBe(403);

    const created = await http('POST', base, { token: admin, body: input });
    expect(created.status).toBe(201);
    const one = `${base}/${created.body._id}`;

    expect((await http('PATCH', one, { body: { price: 1 } })).status).toBe(401);
    expect((await http('PATCH', one, { token: customer, body: { price: 1 } })).status).toBe(403);
    expect((await http('DELETE', one)).status).toBe(401);
    expect((await http('DELETE', one, { token: customer })).status).toBe(403);
    expect((await http('GET', one)).body.price).toBe(input.price);

    expect((await http('PATCH', one, { token: admin, body: { price: 1 } })).status).toBe(200);
    expect((await http('DELETE', one, { token: admin })).status).toBe(204);
  });
});

describe('catalog validation', () => {
  it.each([
    ['no name', { name: undefined }],
    ['a blank name', { name: '   ' }],
    ['a name of 201 characters', { name: 'x'.repeat(201) }],
    ['a negative price', { price: -0.01 }],
    ['a price given as text', { price: '12' }],
    ['a price with three decimals', { price: 1.234 }],
    ['a fractional stock', { stock: 1.5 }],
    ['a negative stock', { stock: -1 }],
    ['no stock', { stock: undefined }],
    ['an unknown field', { colour: 'red' }],
    ['an operator in place of a name', { name: { $gt: '' } }],
  ])('POST with %s is 400', async (_, override) => {
    const res = await http('POST', PRODUCTS, { token: admin, body: { ...productInput(), ...override } });

    expect(res).toMatchObject({ status: 400, body: { statusCode: 400, error: 'Bad Request' } });
  });

  it('PATCH with stock (inventory’s), an unknown field, a bad price or nothing at all is 400', async () => {
    const { _id } = await create();
    const patch = (body: object) => http('PATCH', `${PRODUCTS}/${_id}`, { token: admin, body });

    expect((await patch({ stock: 3 })).status).toBe(400);
    expect((await patch({ colour: 'red' })).status).toBe(400);
    expect((await patch({ price: -1 })).status).toBe(400);
    expect((await patch({})).body).toMatchObject({ statusCode: 400, code: 'PRODUCT_NOTHING_TO_UPDATE' });
  });

  it.each([
    ['an unknown parameter', { colour: 'red' }],
    ['a limit over 100', { limit: 101 }],
    ['a zero limit', { limit: 0 }],
    ['page 0', { page: 0 }],
    ['an unknown sort', { sort: 'stock' }],
    ['a price that is not a number', { minPrice: 'cheap' }],
    ['minPrice above maxPrice', { minPrice: 10, maxPrice: 5 }],
    ['a search over 100 characters', { search: 'x'.repeat(101) }],
  ])('GET /products with %s is 400', async (_, query) => {
    expect((await list(query)).status).toBe(400);
  });

  it('a malformed id is 400 and an unknown one 404, for reads and writes', async () => {
    expect((await http('GET', `${PRODUCTS}/not-an-id`)).status).toBe(400);
    expect((await http('GET', `${PRODUCTS}/${UNKNOWN_ID}`)).status).toBe(404);
    expect((await http('PATCH', `${PRODUCTS}/not-an-id`, { token: admin, body: { price: 1 } })).status).toBe(400);
    expect((await http('PATCH', `${PRODUCTS}/${UNKNOWN_ID}`, { token: admin, body: { price: 1 } })).status).toBe(404);
    expect((await http('DELETE', `${PRODUCTS}/${UNKNOWN_ID}`, { token: admin })).status).toBe(404);
  });
});

describe('search, filters, sort and pagination on the local database', () => {
  const category = uniqueCategory('Catalog');
  const inputs = catalogInputs(
    [
      { name: 'Red Trail Shoe', description: 'Grippy sole', price: 89.9 },
      { name: 'blue running shoe', description: 'Light (v2) edition', price: 59.5 },
      { name: 'Canvas hat', description: 'Keeps the RED sun off', price: 15 },
      { name: 'apple crate', description: 'Wooden', price: 15 },
      { name: 'Zip bag.*', description: 'Pattern-looking name', price: 120 },
    ],
    category,
  );
  let ids: Record<string, string>;

  beforeAll(async () => {
    ids = {};
    // One at a time, so createdAt follows the order of `inputs`.
    for (const input of inputs) ids[input.name] = (await create(input))._id;
  });

  const names = async (query: Record<string, string | number>) => {
    const res = await list({ category, limit: 100, ...query });
    expect(res.status).toBe(200);
    return (res.body as Array<{ name: string }>).map((p) => p.name);
  };

  it('answers a JSON array with the total in X-Total-Count', async () => {
    const res = await list({ category });

    expect(Array.isArray(res.body)).toBe(true);
    expect(res.body).toHaveLength(5);
    expect(res.headers.get('x-total-count')).toBe('5');
  });

  it('searches name, description and category, case-insensitively, every word required', async () => {
    expect((await names({ search: 'RED' })).sort()).toEqual(['Canvas hat', 'Red Trail Shoe']);
    expect(await names({ search: 'shoe red' })).toEqual(['Red Trail Shoe']);
    expect((await names({ search: category.toUpperCase() })).length).toBe(5);
    expect(await names({ search: 'grippy' })).toEqual(['Red Trail Shoe']);
  });

  it('matches regex metacharacters literally: no injection, no pattern', async () => {
    expect(await names({ search: '(v2)' })).toEqual(['blue running shoe']);
    expect(await names({ search: '.*' })).toEqual(['Zip bag.*']);
    expect(await names({ search: 'r.d' })).toEqual([]);
    expect(await names({ search: '(a+)+$' })).toEqual([]);
    expect(await names({ search: '[' })).toEqual([]);
  });

  it('filters by category case-insensitively, and by an inclusive price range', async () => {
    expect((await names({ category: category.toUpperCase() })).length).toBe(5);
    expect((await names({ minPrice: 15, maxPrice: 59.5 })).sort()).toEqual([
      'Canvas hat',
      'apple crate',
      'blue running shoe',
    ]);
    expect(await names({ minPrice: 100 })).toEqual(['Zip bag.*']);
  });

  it('sorts by price, -price, name and -createdAt (the default)', async () => {
    expect(await names({ sort: 'price' })).toEqual([
      expect.stringMatching(/Canvas hat|apple crate/),
      expect.stringMatching(/Canvas hat|apple crate/),
      'blue running shoe',
      'Red Trail Shoe',
      'Zip bag.*',
    ]);
    expect((await names({ sort: '-price' }))[0]).toBe('Zip bag.*');
    expect(await names({ sort: 'name' })).toEqual([
      'apple crate',
      'blue running shoe',
      'Canvas hat',
      'Red Trail Shoe',
      'Zip bag.*',
    ]);
    expect(await names({ sort: '-createdAt' })).toEqual(inputs.map((i) => i.name).reverse());
    expect(await names({})).toEqual(inputs.map((i) => i.name).reverse());
  });

  it('pages without overlap or gaps, with the same total on every page', async () => {
    const pages = await Promise.all([1, 2, 3].map((page) => list({ category, sort: 'price', limit: 2, page })));

    expect(pages.map((p) => p.headers.get('x-total-count'))).toEqual(['5', '5', '5']);
    expect(pages.map((p) => p.body.length)).toEqual([2, 2, 1]);
    const seen = pages.flatMap((p) => p.body.map((product: { _id: string }) => product._id));
    expect(new Set(seen)).toEqual(new Set(Object.values(ids)));
  });

  it('accepts a limit of 100 and a page past the end (an empty array)', async () => {
    expect((await list({ category, limit: 100 })).body).toHaveLength(5);
    const past = await list({ category, page: 9 });
    expect(past.body).toEqual([]);
    expect(past.headers.get('x-total-count')).toBe('5');
  });
});

describe('no stale reads after a change', () => {
  it('a price change is visible on the very next read, by id and in lists, direct and through the gateway', async () => {
    const category = uniqueCategory();
    const input = productInput({ category, price: 10 });
    const { _id } = await create(input);
    // Inventory reports the new product's opening stock shortly after it is created, and that report
    // rightly invalidates the product's entry: warm the cache once the report is in.
    await eventually(
      () => http('GET', `${PRODUCTS}/${_id}`),
      (r) => r.body?.stock === input.stock,
      { what: "inventory's opening stock to reach the catalog" },
    );
    for (const base of [PRODUCTS, API_PRODUCTS]) {
      await http('GET', `${base}/${_id}`);
      await list({ category }, base);
    }
    // Late stock reports from earlier suites may still invalidate entries: warm until the entry holds.
    const warm = await eventually(
      () => http('GET', `${PRODUCTS}/${_id}`),
      (r) => r.headers.get('x-cache') === 'HIT',
      { what: 'the product to be served from cache' },
    );
    expect(warm.headers.get('x-cache')).toBe('HIT');

    for (const price of [11, 12.5, 13]) {
      const patched = await http('PATCH', `${PRODUCTS}/${_id}`, { token: admin, body: { price } });
      expect(patched.body).toMatchObject({ price });

      expect((await http('GET', `${PRODUCTS}/${_id}`)).body.price).toBe(price);
      expect((await http('GET', `${API_PRODUCTS}/${_id}`)).body.price).toBe(price);
      expect((await list({ category })).body[0].price).toBe(price);
      expect((await list({ category }, API_PRODUCTS)).body[0].price).toBe(price);
    }
  });

  it('a deleted product is gone from lists and reads at once', async () => {
    const category = uniqueCategory();
    const kept = await create(productInput({ category }));
    const doomed = await create(productInput({ category }));
    expect((await list({ category })).headers.get('x-total-count')).toBe('2');
    expect((await http('GET', `${PRODUCTS}/${doomed._id}`)).status).toBe(200);

    expect((await http('DELETE', `${PRODUCTS}/${doomed._id}`, { token: admin })).status).toBe(204);

    const after = await list({ category });
    expect(after.body.map((p: { _id: string }) => p._id)).toEqual([kept._id]);
    expect(after.headers.get('x-total-count')).toBe('1');
    expect((await http('GET', `${PRODUCTS}/${doomed._id}`)).status).toBe(404);
    expect((await http('DELETE', `${PRODUCTS}/${doomed._id}`, { token: admin })).status).toBe(404);
  });

  it('of simultaneous edits, each either lands as its own revision or is refused with 409', async () => {
    const { _id } = await create(productInput({ price: 1 }));

    const results = await Promise.all(
      [2, 3, 4, 5, 6, 7].map((price) => http('PATCH', `${PRODUCTS}/${_id}`, { token: admin, body: { price } })),
    );

    const statuses = results.map((r) => r.status);
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    const landed = results.filter((r) => r.status === 200);
    expect(landed.length).toBeGreaterThan(0);
    expect(new Set(landed.map((r) => r.body.revision)).size).toBe(landed.length);
    const final = (await http('GET', `${PRODUCTS}/${_id}`)).body;
    expect(final.revision).toBe(1 + landed.length);
    expect(landed.find((r) => r.body.revision === final.revision)!.body.price).toBe(final.price);
  });
});

describe('catalog events', () => {
  const kafka = kafkaClient('e2e-catalog');

  it('publishes product-created, product-updated and product-deleted for one product, in that order', async () => {
    const consumer = kafka.consumer({ groupId: `e2e-catalog-${Date.now()}` });
    const seen: Array<{ topic: string; value: Record<string, unknown>; at: number }> = [];
    await consumer.connect();
    try {
      // From the beginning: with "latest", a partition assigned late would skip an event sent before.
      await consumer.subscribe({
        topics: [TOPICS.PRODUCT_CREATED, TOPICS.PRODUCT_UPDATED, TOPICS.PRODUCT_DELETED],
        fromBeginning: true,
      });
      await consumer.run({
        eachMessage: async ({ topic, message }) => {
          try {
            const value = JSON.parse(message.value?.toString() ?? 'null') ?? {};
            seen.push({ topic, value, at: Number(message.timestamp) });
          } catch {
            // Another suite's poison message: not ours.
          }
        },
      });

      const input = productInput({ price: 30, stock: 4 });
      const { _id } = await create(input);
      await http('PATCH', `${PRODUCTS}/${_id}`, { token: admin, body: { price: 31 } });
      await http('DELETE', `${PRODUCTS}/${_id}`, { token: admin });

      // Three topics: a consumer gets each topic's messages in order, but not the topics in the
      // order they were written, so the order asked of the producer is the one of the broker's timestamps.
      const mine = () =>
        seen
          .filter((e) => e.value.productId === _id)
          .sort((a, b) => a.at - b.at)
          .map(({ topic, value }) => ({ topic, value }));
      await eventually(
        async () => mine().length,
        (n) => n >= 3,
        { what: 'the three catalog events of the product', timeoutMs: 30_000 },
      );
      expect(mine()).toEqual([
        {
          topic: TOPICS.PRODUCT_CREATED,
          value: expect.objectContaining({ productId: _id, name: input.name, price: 30, stock: 4 }),
        },
        { topic: TOPICS.PRODUCT_UPDATED, value: expect.objectContaining({ productId: _id, price: 31 }) },
        { topic: TOPICS.PRODUCT_DELETED, value: expect.objectContaining({ productId: _id }) },
      ]);
    } finally {
      await consumer.disconnect();
    }
  });

  it('shows inventory’s stock from inventory-stock-changed, by id and in lists, keeping the highest sequence', async () => {
    const category = uniqueCategory();
    const { _id } = await create(productInput({ stock: 5, category }));
    expect((await http('GET', `${PRODUCTS}/${_id}`)).body.stock).toBe(5);
    expect((await list({ category })).body[0].stock).toBe(5);
    const producer = kafka.producer();
    await producer.connect();
    const report = async (sequence: number, stock: number) => {
      const event = newEvent<InventoryStockChangedEvent>({ productId: _id, sequence, stock });
      await producer.send({
        topic: TOPICS.INVENTORY_STOCK_CHANGED,
        messages: [{ key: _id, value: JSON.stringify(event) }],
      });
    };
    try {
      // Far above any sequence inventory itself could have reached for this new product.
      await report(1_000_001, 2);
      await eventually(
        () => http('GET', `${PRODUCTS}/${_id}`),
        (res) => res.body.stock === 2,
        { what: 'the stock report to show' },
      );

      await report(1_000_000, 9);
      await report(1_000_002, 1);
      const latest = await eventually(
        () => http('GET', `${PRODUCTS}/${_id}`),
        (res) => res.body.stock !== 2,
        { what: 'the newest stock report to show' },
      );
      expect(latest.body.stock).toBe(1);
      expect((await list({ category })).body[0].stock).toBe(1);
    } finally {
      await producer.disconnect();
    }
  });
});

describe('catalog API documentation', () => {
  it('the gateway documents every catalog route with its query parameters', async () => {
    const { body } = await http('GET', `${GATEWAY}/docs-json`);

    expect(Object.keys(body.paths['/api/products']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(body.paths['/api/products/{id}']).sort()).toEqual(['delete', 'get', 'patch']);
    const parameters = body.paths['/api/products'].get.parameters.map((p: { name: string }) => p.name);
    expect(parameters.sort()).toEqual(['category', 'limit', 'maxPrice', 'minPrice', 'page', 'search', 'sort']);
    expect(body.paths['/api/products'].post.security).toEqual([{ bearer: [] }]);
  });
});
