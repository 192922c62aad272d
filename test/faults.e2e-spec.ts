import { Session, admin as adminSession, customer } from './support/accounts';
import { eventually } from './support/eventually';
import { kafkaClient } from './support/kafka';
import { infra, killHard, startService, stopGracefully } from './support/faults';
import { http } from './support/http';
import { freePort } from './support/processes';
import { placeOrderPolitely, stockOf, stockedProduct } from './support/shop';
import { GATEWAY, SERVICE_NAMES, ownsDatabase, serviceUrl } from './support/stack';
import services from '../libs/common/src/services.json';
import { OrderRef, tally } from './support/tally';

// Runs last (see test/setup/sequencer.js): these scenarios stop and kill parts of the shared stack.
const STOCK = 100_000;

describe('resilience under faults', () => {
  let admin: Session;
  let customers: Session[];

  beforeAll(async () => {
    admin = await adminSession();
    customers = await Promise.all(Array.from({ length: 10 }, () => customer()));
  });

  /** Places `count` orders of one unit each, `concurrency` at a time, spread over the customers, honouring Retry-After. */
  async function placeMany(product: string, count: number, concurrency = 10): Promise<OrderRef[]> {
    const refs: OrderRef[] = [];
    for (let i = 0; i < count; i += concurrency) {
      const batch = Array.from(
        { length: Math.min(concurrency, count - i) },
        (_, j) => customers[(i + j) % customers.length],
      );
      const placed = await Promise.all(batch.map((session) => placeOrderPolitely(session, [{ product, quantity: 1 }])));
      placed.forEach((res, j) => {
        // 200: placeOrderPolitely's retry after a timeout found the order its first try placed.
        if (res.status !== 201 && res.status !== 200)
          throw new Error(`order not accepted: ${res.status} ${JSON.stringify(res.body)}`);
        refs.push({ session: batch[j], orderId: res.body._id });
      });
    }
    return refs;
  }

  const health = (service: (typeof SERVICE_NAMES)[number], path = '/health') =>
    http('GET', `${serviceUrl(service)}${path}`).catch(() => ({ status: 0, body: undefined, headers: new Headers() }));

  it('consumer crash: kill -9 payment-service mid-flow, order more while it is down, restart it: every order settles, charged once', async () => {
    const product = await stockedProduct(admin, 2, STOCK);

    const before = await placeMany(product, 15);
    killHard('payment-service');
    const during = await placeMany(product, 15);
    await startService('payment-service');
    const result = await tally('consumer crash (kill -9 payment-service)', [...before, ...during]);

    expect(result).toMatchObject({ placed: 30, confirmed: 30, lost: 0, doubled: 0 });
    expect(await stockOf(product)).toBe(STOCK - 30);
  });

  it('broker restart: Kafka stops mid-flow; health shows it; producers, consumers and the outbox catch up', async () => {
    const product = await stockedProduct(admin, 2, STOCK);

    const before = await placeMany(product, 10);
    await infra('kafka', 'stop');
    await eventually(
      () => health('order-service'),
      (r) => r.body?.kafka === 'DOWN',
      { what: 'kafka DOWN in /health' },
    );
    const during = await placeMany(product, 10);
    await infra('kafka', 'start');
    await eventually(
      () => health('order-service'),
      (r) => r.body?.kafka === 'UP',
      { what: 'kafka UP in /health', timeoutMs: 60_000 },
    );
    // Back in their groups, not only connected: readiness says so per consumer.
    for (const service of SERVICE_NAMES.filter((name) => services[name].consumesEvents)) {
      await eventually(
        () => health(service, '/health/ready'),
        (r) => r.status === 200 && r.body?.consumer === 'UP',
        { what: `${service}'s consumer back in its group`, timeoutMs: 60_000 },
      );
    }
    const after = await placeMany(product, 10);
    const result = await tally('broker restart (Kafka stopped and started)', [...before, ...during, ...after], 180_000);

    expect(result).toMatchObject({ placed: 30, confirmed: 30, lost: 0, doubled: 0 });
    expect(await stockOf(product)).toBe(STOCK - 30);
  });

  it('database outage: readiness drops only where data is owned, the catalog answers from cache, all recovers without restarts', async () => {
    const product = await stockedProduct(admin, 2, STOCK);
    // Cached, and after inventory's opening-stock report (which invalidates the entry), so the read below is a hit.
    await eventually(
      () => http('GET', `${GATEWAY}/api/products/${product}`),
      (r) => r.body?.stock === STOCK && r.headers.get('x-cache') === 'HIT',
      { what: 'the product to be cached with its stock' },
    );

    await infra('ferretdb', 'stop');
    try {
      for (const service of SERVICE_NAMES.filter(ownsDatabase)) {
        await eventually(
          () => health(service, '/health/ready'),
          (r) => r.status === 503 && r.body?.db === 'DISCONNECTED',
          {
            what: `${service} not ready without its database`,
          },
        );
      }
      expect((await health('api-gateway', '/health/ready')).status).toBe(200);
      const cached = await http('GET', `${GATEWAY}/api/products/${product}`);
      expect(cached.status).toBe(200);
      expect(cached.body._id).toBe(product);
    } finally {
      await infra('ferretdb', 'start');
    }
    for (const service of SERVICE_NAMES) {
      await eventually(
        () => health(service),
        (r) => r.status === 200,
        { what: `${service} UP again`, timeoutMs: 60_000 },
      );
    }

    const result = await tally('database outage (FerretDB stopped and started)', await placeMany(product, 10));
    expect(result).toMatchObject({ placed: 10, confirmed: 10, lost: 0, doubled: 0 });
  });

  it('graceful shutdown: SIGTERM inventory-service mid-batch; nothing is lost and nothing applied twice', async () => {
    const product = await stockedProduct(admin, 2, STOCK);

    const orders = await placeMany(product, 20);
    await stopGracefully('inventory-service');
    await startService('inventory-service');
    const result = await tally('graceful shutdown (SIGTERM inventory-service)', orders);

    expect(result).toMatchObject({ placed: 20, confirmed: 20, lost: 0, doubled: 0 });
    expect(await stockOf(product)).toBe(STOCK - 20);
  });

  describe('scale-out: two instances each of payment-service and inventory-service', () => {
    const extra: { service: 'payment-service' | 'inventory-service'; port: number }[] = [];

    beforeAll(async () => {
      for (const service of ['payment-service', 'inventory-service'] as const) {
        const port = await freePort();
        await startService(service, ['--port', String(port), '--instance', 'scale']);
        extra.push({ service, port });
      }
      const admin = kafkaClient('e2e-groups').admin();
      await admin.connect();
      await eventually(
        () => admin.describeGroups(['payment-service', 'inventory-service']),
        (d) => d.groups.every((g) => g.members.length === 2 && g.state === 'Stable'),
        { what: 'both groups to have two stable members', timeoutMs: 60_000 },
      );
      await admin.disconnect();
    });

    afterAll(async () => {
      for (const { service } of extra) await stopGracefully(`${service}-scale`);
    });

    const processed = async (port: number, topic: string) => {
      const text: string = (await http('GET', `http://127.0.0.1:${port}/metrics`)).body;
      const line = text
        .split('\n')
        .find(
          (l) =>
            l.startsWith('events_consumed_total{') &&
            l.includes(`topic="${topic}"`) &&
            l.includes('outcome="processed"'),
        );
      return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
    };

    it('shares 200 orders between the instances, and settles each exactly once', async () => {
      const product = await stockedProduct(admin, 2, STOCK);
      const ports = { payment: [3004, extra[0].port], inventory: [3005, extra[1].port] };
      const before = {
        payment: await Promise.all(ports.payment.map((p) => processed(p, 'order-created'))),
        inventory: await Promise.all(ports.inventory.map((p) => processed(p, 'order-paid'))),
      };

      const orders = await placeMany(product, 200, 10);
      const result = await tally('scale-out (2× payment, 2× inventory, 200 orders)', orders, 180_000);

      expect(result).toMatchObject({ placed: 200, confirmed: 200, lost: 0, doubled: 0 });
      expect(await stockOf(product)).toBe(STOCK - 200);
      const share = {
        payment: await Promise.all(
          ports.payment.map(async (p, i) => (await processed(p, 'order-created')) - before.payment[i]),
        ),
        inventory: await Promise.all(
          ports.inventory.map(async (p, i) => (await processed(p, 'order-paid')) - before.inventory[i]),
        ),
      };
      console.log(
        `work shared: payment-service ${share.payment.join(' + ')}, inventory-service ${share.inventory.join(' + ')}`,
      );
      for (const counts of [share.payment, share.inventory]) {
        expect(counts.every((c) => c > 0)).toBe(true);
        expect(counts[0] + counts[1]).toBeGreaterThanOrEqual(200);
      }
    });
  });
});
