import mongoose, { Connection, Types } from 'mongoose';
import { userInput } from './factories/user.factory';
import { admin as adminSession, customer } from './support/accounts';
import { eventually } from './support/eventually';
import { http } from './support/http';
import { ServiceProcess, spawnService } from './support/processes';
import { placeOrder, settled, stockedProduct } from './support/shop';
import { GATEWAY, ServiceName, serviceUrl } from './support/stack';

const MONGO_URL = process.env.MONGO_URL ?? `mongodb://127.0.0.1:${process.env.FERRETDB_PORT ?? 27017}`;
const API = `${GATEWAY}/api`;
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY);

/** The samples of a metric with `collection="<collection>"` on one instance's /metrics, summed; 0 if it has none. */
async function metric(url: string, name: string, collection: string): Promise<number> {
  const res = await http('GET', `${url}/metrics`);
  if (res.status !== 200 || typeof res.body !== 'string') return 0;
  return res.body
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) && line.includes(`collection="${collection}"`))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/**
 * Retention on the real stack. Each test writes, or backdates, one row past
 * its retention and leaves one within it, in a service's own database, then
 * starts one more instance of that service with RETENTION_INTERVAL_MS=1000,
 * as an operator would who wants passes more often than the hourly default.
 * The stack's own instance keeps its hourly pass and may get to a row
 * first, which removes it all the same: the removals are counted over both.
 */
describe('retention', () => {
  let connection: Connection;
  let instance: ServiceProcess | undefined;

  beforeAll(async () => {
    connection = await mongoose.createConnection(MONGO_URL).asPromise();
  });

  afterEach(async () => {
    await instance?.stop();
    instance = undefined;
  });

  afterAll(async () => {
    await connection.close();
  });

  /** One more instance of `service`, passing every second, and the removals its stack instance counted so far. */
  async function runRetention(service: ServiceName, collections: string[]) {
    const before = await Promise.all(collections.map((c) => metric(serviceUrl(service), 'retention_removed_total', c)));
    instance = await spawnService(service, { RETENTION_INTERVAL_MS: '1000' });
    const spawned = instance;
    return {
      /** Waits until the new instance has finished a pass over `collection`, which began after the rows were written. */
      passed: (collection: string) =>
        eventually(
          () => metric(spawned.url, 'retention_last_success_timestamp_seconds', collection),
          (seconds) => seconds > 0,
          { what: `a retention pass over ${collection}`, timeoutMs: 30_000 },
        ),
      removed: async (collection: string) =>
        (await metric(spawned.url, 'retention_removed_total', collection)) +
        (await metric(serviceUrl(service), 'retention_removed_total', collection)) -
        before[collections.indexOf(collection)],
    };
  }

  it("order-service clears an order's published outbox past its retention, and keeps a younger one and the order", async () => {
    const db = connection.getClient().db('commercex-orders');
    const orders = db.collection<{ _id: Types.ObjectId; outbox: { eventId: string; publishedAt: Date | null } | null }>(
      'orders',
    );
    const [admin, buyer] = await Promise.all([adminSession(), customer()]);
    const product = await stockedProduct(admin, 5, 10);
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const placed = await placeOrder(buyer, [{ product, quantity: 1 }]);
      expect(placed.status).toBe(201);
      ids.push(placed.body._id);
    }
    const [old, recent] = ids;
    const oldOrder = await settled(buyer, old);
    await settled(buyer, recent);
    for (const id of ids) {
      await eventually(
        () => orders.findOne({ _id: new Types.ObjectId(id) }),
        (doc) => !!doc?.outbox?.publishedAt,
        { what: `order ${id}'s order-created published` },
      );
    }
    // Published 8 days ago, one past the default OUTBOX_RETENTION_DAYS.
    await orders.updateOne({ _id: new Types.ObjectId(old) }, { $set: { 'outbox.publishedAt': daysAgo(8) } });

    const retention = await runRetention('order-service', ['orders.outbox']);
    await eventually(
      () => orders.findOne({ _id: new Types.ObjectId(old) }),
      (order) => order?.outbox === null,
      { what: 'the old outbox cleared', timeoutMs: 30_000 },
    );
    await retention.passed('orders.outbox');

    expect((await orders.findOne({ _id: new Types.ObjectId(recent) }))?.outbox).toEqual(
      expect.objectContaining({ eventId: expect.any(String), publishedAt: expect.any(Date) }),
    );
    const stillThere = await http('GET', `${API}/orders/${old}`, { token: buyer.token });
    expect(stillThere.status).toBe(200);
    expect(stillThere.body).toMatchObject({ _id: old, status: oldOrder.status, totalAmount: oldOrder.totalAmount });
    expect(await retention.removed('orders.outbox')).toBeGreaterThanOrEqual(1);
  });

  it("user-service removes the refresh tokens of a session that ended past REFRESH_TOKEN_RETENTION_DAYS, and keeps a live session's", async () => {
    const tokens = connection.getClient().db('commercex-users').collection('refresh_tokens');
    const register = async () => {
      const res = await http('POST', `${serviceUrl('user-service')}/auth/register`, {
        body: userInput(),
      });
      expect(res.status).toBe(201);
      return res.body as { _id: string; refreshToken: string };
    };
    const [ended, live] = await Promise.all([register(), register()]);
    // A login 32 days ago: its session ended on day 30 (REFRESH_SESSION_MAX_AGE), a day of retention ago.
    await tokens.updateMany(
      { userId: new Types.ObjectId(ended._id) },
      { $set: { sessionStartedAt: daysAgo(32), createdAt: daysAgo(32), expiresAt: daysAgo(25) } },
    );

    const retention = await runRetention('user-service', ['refresh_tokens']);
    await eventually(
      () => tokens.countDocuments({ userId: new Types.ObjectId(ended._id) }),
      (count) => count === 0,
      { what: "the ended session's tokens gone", timeoutMs: 30_000 },
    );
    await retention.passed('refresh_tokens');

    expect(await tokens.countDocuments({ userId: new Types.ObjectId(live._id) })).toBe(1);
    const refreshed = await http('POST', `${serviceUrl('user-service')}/auth/refresh`, {
      body: { refreshToken: live.refreshToken },
    });
    expect(refreshed.status).toBe(200);
    expect(await retention.removed('refresh_tokens')).toBeGreaterThanOrEqual(1);
  });
});
