import { randomUUID } from 'node:crypto';
import mongoose, { Connection } from 'mongoose';
import { TOPICS } from '@app/events';
import { Session, admin as adminSession, customer } from './support/accounts';
import { eventually } from './support/eventually';
import { http } from './support/http';
import { TopicWatcher, disconnectProducer, produce } from './support/kafka';
import { startService, stopGracefully } from './support/faults';
import { metricSum } from './support/metrics';
import { freePort } from './support/processes';
import { placeOrder, settled, stockOf, stockedProduct } from './support/shop';
import { GATEWAY, serviceUrl } from './support/stack';
import services from '../libs/common/src/services.json';

const API = `${GATEWAY}/api`;
const DECLINE_OVER = 10_000;
const MONGO_URL = process.env.MONGO_URL ?? `mongodb://127.0.0.1:${process.env.FERRETDB_PORT ?? 27017}`;

describe('the order saga', () => {
  let admin: Session;
  let buyer: Session;
  let watcher: TopicWatcher;

  beforeAll(async () => {
    [admin, buyer] = await Promise.all([adminSession(), customer()]);
    watcher = await TopicWatcher.start([TOPICS.ORDER_CREATED, TOPICS.PAYMENT_COMPLETED, TOPICS.ORDER_CONFIRMED]);
  });

  afterAll(async () => {
    await watcher.stop();
    await disconnectProducer();
  });

  const payments = (session: Session, orderId: string) =>
    http('GET', `${API}/payments?orderId=${orderId}`, { token: session.token });
  const notifications = (session: Session, orderId: string) =>
    http('GET', `${API}/notifications?orderId=${orderId}`, { token: session.token });

  it('happy path: CONFIRMED, one SUCCESS payment of the server-computed total, stock deducted, an email logged', async () => {
    const product = await stockedProduct(admin, 19.99, 5);

    const placed = await http('POST', `${API}/orders`, {
      token: buyer.token,
      body: { items: [{ product, quantity: 2, price: 0.01 }], totalAmount: 0.02, user: admin.userId },
    });
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ status: 'PENDING', totalAmount: 39.98, user: buyer.userId });
    expect(placed.body.items).toEqual([expect.objectContaining({ product, quantity: 2, price: 19.99 })]);

    const order = await settled(buyer, placed.body._id);
    expect(order).toMatchObject({ status: 'CONFIRMED', refunded: false });
    expect(order.history.map((h: { status: string }) => h.status)).toEqual(['PAID', 'CONFIRMED']);

    const paid = await payments(buyer, order._id);
    expect(paid.body).toEqual([expect.objectContaining({ orderId: order._id, status: 'SUCCESS', amount: 39.98 })]);
    expect(await stockOf(product)).toBe(3);
    const mail = await eventually(
      () => notifications(buyer, order._id),
      (r) => Array.isArray(r.body) && r.body.some((n: { type: string }) => n.type === 'order-confirmed'),
      { what: 'the confirmation email' },
    );
    expect(mail.body.every((n: { to: string }) => n.to === buyer.email)).toBe(true);
  });

  describe('products order-service has not heard of yet', () => {
    let database: Connection;
    beforeAll(async () => {
      database = await mongoose.createConnection(MONGO_URL).asPromise();
    });
    afterAll(() => database.close());

    /** As if their product-created events were still on the way: order-service's price list loses them. */
    async function unheardOf(productIds: string[]): Promise<void> {
      const prices = database.getClient().db(services['order-service'].database!).collection<{ _id: string }>('prices');
      await eventually(
        () => prices.countDocuments({ _id: { $in: productIds } }),
        (n) => n === productIds.length,
        { what: "order-service's price list to hear of the products" },
      );
      await prices.deleteMany({ _id: { $in: productIds } });
    }

    /** Requests product-service has answered on one route. */
    const answered = (route: string) =>
      metricSum(serviceUrl('product-service'), 'http_request_duration_seconds_count', { method: 'GET', route });

    it('prices them in one call to product-service, and the order goes through', async () => {
      const prices = [5, 7.5, 12];
      const products = await Promise.all(prices.map((price) => stockedProduct(admin, price, 5)));
      await unheardOf(products);
      const [batchesBefore, singlesBefore] = [await answered('/prices'), await answered('/products/:id')];

      const placed = await placeOrder(
        buyer,
        products.map((product) => ({ product, quantity: 2 })),
      );

      expect(placed.status).toBe(201);
      expect(placed.body.totalAmount).toBe(49);
      expect(placed.body.items).toEqual(
        products.map((product, i) => expect.objectContaining({ product, quantity: 2, price: prices[i] })),
      );
      // product-service counts a request once its answer is sent: by now, or a moment later.
      const batches = await eventually(
        () => answered('/prices'),
        (n) => n > batchesBefore,
        { what: 'product-service to count GET /prices' },
      );
      expect(batches).toBe(batchesBefore + 1);
      expect(await answered('/products/:id')).toBe(singlesBefore);
      expect(await settled(buyer, placed.body._id)).toMatchObject({ status: 'CONFIRMED', totalAmount: 49 });
    });
  });

  it('out of stock: CANCELLED, the payment REFUNDED, stock unchanged', async () => {
    const product = await stockedProduct(admin, 5, 1);

    const placed = await placeOrder(buyer, [{ product, quantity: 2 }]);
    const order = await eventually(
      () => http('GET', `${API}/orders/${placed.body._id}`, { token: buyer.token }),
      (r) => r.body.status === 'CANCELLED' && r.body.refunded === true,
      { what: 'cancellation and refund' },
    );

    expect(order.body.cancelReason).toBe('OUT_OF_STOCK');
    const paid = await payments(buyer, placed.body._id);
    expect(paid.body).toEqual([expect.objectContaining({ status: 'REFUNDED', amount: 10 })]);
    expect(await stockOf(product)).toBe(1);
  });

  it('declined payment: CANCELLED, stock unchanged', async () => {
    const product = await stockedProduct(admin, DECLINE_OVER, 3);

    const placed = await placeOrder(buyer, [{ product, quantity: 2 }]);
    const order = await settled(buyer, placed.body._id);

    expect(order).toMatchObject({ status: 'CANCELLED', cancelReason: 'PAYMENT_DECLINED', refunded: false });
    const paid = await payments(buyer, placed.body._id);
    expect(paid.body).toEqual([expect.objectContaining({ status: 'FAILED', amount: 2 * DECLINE_OVER })]);
    expect(await stockOf(product)).toBe(3);
  });

  describe('race for the last unit, with two inventory-service instances', () => {
    let second: string;

    beforeAll(async () => {
      await startService('inventory-service', ['--port', String(await freePort()), '--instance', 'race']);
      second = 'inventory-service-race';
    });

    afterAll(() => stopGracefully(second));

    it('confirms exactly one of the competing orders and ends with stock 0', async () => {
      const product = await stockedProduct(admin, 7, 1);
      const buyers = await Promise.all(Array.from({ length: 8 }, () => customer()));

      const placed = await Promise.all(buyers.map((b) => placeOrder(b, [{ product, quantity: 1 }])));
      expect(placed.map((p) => p.status)).toEqual(buyers.map(() => 201));
      const outcomes = await Promise.all(placed.map((p, i) => settled(buyers[i], p.body._id)));

      expect(outcomes.filter((o) => o.status === 'CONFIRMED')).toHaveLength(1);
      expect(outcomes.filter((o) => o.status === 'CANCELLED' && o.cancelReason === 'OUT_OF_STOCK')).toHaveLength(7);
      expect(await stockOf(product)).toBe(0);
    });
  });

  it('duplicate delivery: the same events published again have no second effect anywhere', async () => {
    const product = await stockedProduct(admin, 3, 10);
    const placed = await placeOrder(buyer, [{ product, quantity: 4 }]);
    const orderId = placed.body._id;
    await settled(buyer, orderId);
    const created = await watcher.waitFor((m) => m.topic === TOPICS.ORDER_CREATED && m.key === orderId);
    const charged = await watcher.waitFor((m) => m.topic === TOPICS.PAYMENT_COMPLETED && m.key === orderId);
    const confirmed = await watcher.waitFor((m) => m.topic === TOPICS.ORDER_CONFIRMED && m.key === orderId);
    const mailsBefore = (await notifications(buyer, orderId)).body.length;

    for (const message of [created, charged, confirmed])
      await produce(message.topic, message.value, orderId, message.headers);
    // A marker order placed after the duplicates has settled once they have all been consumed.
    const marker = await placeOrder(buyer, [{ product, quantity: 1 }]);
    await settled(buyer, marker.body._id);
    await new Promise((r) => setTimeout(r, 1000));

    expect((await payments(buyer, orderId)).body).toHaveLength(1);
    expect(await stockOf(product)).toBe(10 - 4 - 1);
    expect((await notifications(buyer, orderId)).body).toHaveLength(mailsBefore);
    expect((await http('GET', `${API}/orders/${orderId}`, { token: buyer.token })).body.status).toBe('CONFIRMED');
  });

  it('Idempotency-Key: the same key from the same user returns the first order, never a second one', async () => {
    const product = await stockedProduct(admin, 2, 50);
    const key = `e2e-${randomUUID()}`;

    const results = await Promise.all(
      Array.from({ length: 5 }, () => placeOrder(buyer, [{ product, quantity: 1 }], { 'idempotency-key': key })),
    );
    const ids = new Set(results.map((r) => r.body._id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200 && r.headers.get('idempotent-replayed') === 'true')).toHaveLength(4);

    const other = await placeOrder(buyer, [{ product, quantity: 2 }], { 'idempotency-key': key });
    expect(other.status).toBe(409);
    const someoneElse = await placeOrder(await customer(), [{ product, quantity: 1 }], { 'idempotency-key': key });
    expect(someoneElse.status).toBe(201);
    expect(someoneElse.body._id).not.toBe([...ids][0]);

    await settled(buyer, [...ids][0]);
    expect((await payments(buyer, [...ids][0])).body).toHaveLength(1);
  });

  it('orders, payments and notifications are visible to their owner and an admin only', async () => {
    const product = await stockedProduct(admin, 4, 5);
    const placed = await placeOrder(buyer, [{ product, quantity: 1 }]);
    const orderId = placed.body._id;
    await settled(buyer, orderId);
    const stranger = await customer();

    expect((await http('GET', `${API}/orders/${orderId}`, { token: stranger.token })).status).toBe(404);
    expect((await http('GET', `${API}/orders/${orderId}`, { token: admin.token })).status).toBe(200);
    expect((await http('GET', `${API}/orders`, { token: stranger.token })).body).toEqual([]);
    const mine = await http('GET', `${API}/orders`, { token: buyer.token });
    expect(mine.body.map((o: { _id: string }) => o._id)).toContain(orderId);
    expect(Number(mine.headers.get('x-total-count'))).toBeGreaterThanOrEqual(1);

    expect((await payments(stranger, orderId)).body).toEqual([]);
    expect((await payments(admin, orderId)).body).toHaveLength(1);
    await eventually(
      () => notifications(buyer, orderId),
      (r) => r.body.length > 0,
      { what: 'an email' },
    );
    expect((await notifications(stranger, orderId)).body).toEqual([]);
    expect((await notifications(admin, orderId)).body.length).toBeGreaterThan(0);
    expect((await http('GET', `${API}/orders`)).status).toBe(401);
  });

  it("an admin stock count replaces the figure, and the catalog shows inventory's stock", async () => {
    const product = await stockedProduct(admin, 3, 4);

    expect((await http('PUT', `${API}/inventory/${product}`, { token: buyer.token, body: { stock: 9 } })).status).toBe(
      403,
    );
    expect((await http('PUT', `${API}/inventory/${product}`, { token: admin.token, body: { stock: -1 } })).status).toBe(
      400,
    );
    const counted = await http('PUT', `${API}/inventory/${product}`, { token: admin.token, body: { stock: 9 } });

    expect(counted).toMatchObject({ status: 200, body: { productId: product, stock: 9 } });
    expect(await stockOf(product)).toBe(9);
    await eventually(
      () => http('GET', `${API}/products/${product}`),
      (r) => r.body?.stock === 9,
      { what: 'the catalog to show the counted stock' },
    );
  });

  it.each([
    ['a malformed product id', { items: [{ product: 'nope', quantity: 1 }] }],
    ['a quantity of 0', { items: [{ product: '0'.repeat(24), quantity: 0 }] }],
    ['a negative quantity', { items: [{ product: '0'.repeat(24), quantity: -2 }] }],
    ['a fractional quantity', { items: [{ product: '0'.repeat(24), quantity: 1.5 }] }],
    ['no items', { items: [] }],
    ['no items field', {}],
    ['an unknown field', { items: [{ product: '0'.repeat(24), quantity: 1 }], coupon: 'FREE' }],
    ['an unknown item field', { items: [{ product: '0'.repeat(24), quantity: 1, discount: 1 }] }],
    ['an operator object', { items: [{ product: { $gt: '' }, quantity: 1 }] }],
    ['an unknown product', { items: [{ product: '0'.repeat(24), quantity: 1 }] }],
  ])('answers 400 for %s', async (_, body) => {
    const res = await http('POST', `${API}/orders`, { token: buyer.token, body });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });

  describe('past its admission limit', () => {
    const instance = 'order-service-admission';
    let port: number;

    beforeAll(async () => {
      port = await freePort();
      await startService('order-service', ['--port', String(port), '--instance', 'admission'], {
        ORDER_MAX_IN_FLIGHT: '1',
      });
    });

    afterAll(() => stopGracefully(instance));

    it('refuses the orders beyond it at once with 503 and Retry-After, and settles every order it accepted', async () => {
      const product = await stockedProduct(admin, 3, 100);
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          http('POST', `http://127.0.0.1:${port}/orders`, {
            token: buyer.token,
            body: { items: [{ product, quantity: 1 }] },
          }),
        ),
      );

      const refused = answers.filter((a) => a.status === 503);
      const accepted = answers.filter((a) => a.status === 201);
      expect(refused.length + accepted.length).toBe(answers.length);
      expect(refused.length).toBeGreaterThan(0);
      expect(accepted.length).toBeGreaterThan(0);
      for (const r of refused) {
        expect(r.headers.get('retry-after')).toBe('1');
        expect(r.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
      }
      const outcomes = await Promise.all(accepted.map((a) => settled(buyer, a.body._id)));
      expect(outcomes.map((o) => o.status)).toEqual(accepted.map(() => 'CONFIRMED'));
      expect(await stockOf(product)).toBe(100 - accepted.length);
    });
  });
});
