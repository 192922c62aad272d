import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session, admin as adminSession, customer } from './support/accounts';
import { eventually } from './support/eventually';
import { http } from './support/http';
import { ROOT } from './support/processes';
import { placeOrder, settled, stockedProduct } from './support/shop';
import { GATEWAY, ServiceName, serviceUrl } from './support/stack';

const API = `${GATEWAY}/api`;

function logLines(service: ServiceName): Record<string, unknown>[] {
  return readFileSync(join(ROOT, 'logs', `${service}.log`), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Sum of a Prometheus counter's samples whose labels include all of `labels`. */
async function counter(service: ServiceName, name: string, labels: Record<string, string>): Promise<number> {
  const text: string = (await http('GET', `${serviceUrl(service)}/metrics`)).body;
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`))
    .filter((line) => Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

describe('observability', () => {
  let admin: Session;
  let buyer: Session;

  beforeAll(async () => {
    [admin, buyer] = await Promise.all([adminSession(), customer()]);
  });

  it('one correlation id follows an order from the gateway through every service it touches', async () => {
    const correlationId = `e2e-trace-${randomUUID()}`;
    const product = await stockedProduct(admin, 6, 3);

    const placed = await placeOrder(buyer, [{ product, quantity: 1 }], { 'x-correlation-id': correlationId });
    expect(placed.headers.get('x-correlation-id')).toBe(correlationId);
    await settled(buyer, placed.body._id);
    await eventually(
      () => http('GET', `${API}/notifications?orderId=${placed.body._id}`, { token: buyer.token }),
      (r) => Array.isArray(r.body) && r.body.some((n: { type: string }) => n.type === 'order-confirmed'),
      { what: 'the confirmation email' },
    );

    const services: ServiceName[] = [
      'api-gateway',
      'order-service',
      'payment-service',
      'inventory-service',
      'notification-service',
    ];
    for (const service of services) {
      const traced = logLines(service).filter((l) => l.correlationId === correlationId);
      expect({ service, lines: traced.length > 0 }).toEqual({ service, lines: true });
      for (const line of traced)
        expect(line).toMatchObject({ service, level: expect.any(String), timestamp: expect.any(String) });
    }
    const access = logLines('api-gateway').find(
      (l) => l.correlationId === correlationId && l.message === 'request completed',
    );
    expect(access).toMatchObject({ method: 'POST', url: '/api/orders', status: 201, durationMs: expect.any(Number) });
    const consumed = logLines('payment-service').find(
      (l) => l.correlationId === correlationId && l.topic === 'order-created',
    );
    expect(consumed).toMatchObject({ eventId: expect.any(String), orderId: placed.body._id });
  });

  it('event counters, processing times and database command timings move on /metrics during a flow', async () => {
    const product = await stockedProduct(admin, 8, 3);
    const before = {
      consumed: await counter('payment-service', 'events_consumed_total', {
        topic: 'order-created',
        outcome: 'processed',
      }),
      produced: await counter('payment-service', 'events_produced_total', { topic: 'payment-completed' }),
      ordersOut: await counter('order-service', 'events_produced_total', { topic: 'order-created' }),
      timed: await counter('inventory-service', 'event_processing_seconds_count', { topic: 'order-paid' }),
      orderInserts: await counter('order-service', 'db_command_duration_seconds_count', {
        command: 'insert',
        collection: 'orders',
        outcome: 'ok',
      }),
    };

    const placed = await placeOrder(buyer, [{ product, quantity: 1 }]);
    await settled(buyer, placed.body._id);

    expect(
      await counter('payment-service', 'events_consumed_total', { topic: 'order-created', outcome: 'processed' }),
    ).toBeGreaterThan(before.consumed);
    expect(await counter('payment-service', 'events_produced_total', { topic: 'payment-completed' })).toBeGreaterThan(
      before.produced,
    );
    expect(await counter('order-service', 'events_produced_total', { topic: 'order-created' })).toBeGreaterThan(
      before.ordersOut,
    );
    expect(
      await counter('inventory-service', 'event_processing_seconds_count', { topic: 'order-paid' }),
    ).toBeGreaterThan(before.timed);
    expect(
      await counter('order-service', 'db_command_duration_seconds_count', {
        command: 'insert',
        collection: 'orders',
        outcome: 'ok',
      }),
    ).toBeGreaterThan(before.orderInserts);
    const orderMetrics: string = (await http('GET', `${serviceUrl('order-service')}/metrics`)).body;
    expect(orderMetrics).toMatch(/^outbox_pending_messages\{[^}]*\} \d+/m);
  });
});
