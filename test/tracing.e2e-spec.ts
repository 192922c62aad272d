import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session, admin as adminSession, customer } from './support/accounts';
import { eventually } from './support/eventually';
import { http } from './support/http';
import { ROOT } from './support/processes';
import { placeOrder, settled, stockedProduct } from './support/shop';

const ZIPKIN = `http://127.0.0.1:${process.env.ZIPKIN_PORT ?? 9411}`;
const TRACING = process.env.TRACING !== 'off';
const SAGA_SERVICES = ['api-gateway', 'order-service', 'payment-service', 'inventory-service', 'notification-service'];

interface ZipkinSpan {
  traceId: string;
  id: string;
  parentId?: string;
  name: string;
  kind?: 'CLIENT' | 'SERVER' | 'PRODUCER' | 'CONSUMER';
  localEndpoint?: { serviceName?: string };
  tags?: Record<string, string>;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

describe('tracing', () => {
  let admin: Session;
  let buyer: Session;

  beforeAll(async () => {
    [admin, buyer] = await Promise.all([adminSession(), customer()]);
  });

  if (TRACING) {
    it('follows one order through every service in one trace, linked across Kafka, with no orphan roots', async () => {
      const product = await stockedProduct(admin, 7.5, 10);
      // The client starts the trace, as an instrumented frontend would: its traceparent names the trace to look up.
      const traceId = hex(16);
      const clientSpan = hex(8);
      const placed = await placeOrder(buyer, [{ product, quantity: 1 }], {
        traceparent: `00-${traceId}-${clientSpan}-01`,
      });
      expect(placed.status).toBe(201);
      await settled(buyer, placed.body._id);

      const spans = await eventually(
        async () => {
          const res = await http<ZipkinSpan[]>('GET', `${ZIPKIN}/api/v2/trace/${traceId}`);
          return res.status === 200 ? res.body : [];
        },
        (found) =>
          SAGA_SERVICES.every((s) => found.some((span) => span.localEndpoint?.serviceName === s)) &&
          found.some((span) => span.name === 'process order-confirmed'),
        {
          what: `the trace ${traceId} in Zipkin with spans from ${SAGA_SERVICES.join(', ')}`,
          timeoutMs: 40_000,
          intervalMs: 1_000,
        },
      );

      const byId = new Map(spans.map((s) => [s.id, s]));
      // One root: the gateway's server span, child of the client's span; every other span's parent is in the trace.
      const roots = spans.filter((s) => !s.parentId || !byId.has(s.parentId));
      expect(roots.map((s) => [s.localEndpoint?.serviceName, s.kind, s.parentId])).toEqual([
        ['api-gateway', 'SERVER', clientSpan],
      ]);

      // Each Kafka hop: a CONSUMER span whose parent is the PRODUCER span of the same topic, in another service.
      const consumers = spans.filter((s) => s.kind === 'CONSUMER');
      expect(consumers.map((s) => s.name)).toEqual(
        expect.arrayContaining([
          'process order-created',
          'process payment-completed',
          'process order-paid',
          'process inventory-reserved',
          'process order-confirmed',
        ]),
      );
      for (const consumed of consumers) {
        const producer = byId.get(consumed.parentId!)!;
        expect(producer).toMatchObject({ kind: 'PRODUCER', name: consumed.name.replace('process', 'send') });
        expect(producer.tags?.['messaging.destination.name']).toBe(consumed.tags?.['messaging.destination.name']);
        expect(consumed.tags).toMatchObject({ 'messaging.system': 'kafka', 'messaging.operation.type': 'process' });
        expect(Number(consumed.tags?.['messaging.kafka.offset'])).toBeGreaterThanOrEqual(0);
        expect(consumed.tags?.['messaging.destination.partition.id']).toMatch(/^\d+$/);
      }
      // The outbox relay published order-created after the request had answered, and it still hangs under that request.
      const orderCreated = spans.find((s) => s.name === 'send order-created')!;
      let ancestor: ZipkinSpan | undefined = orderCreated;
      while (ancestor?.parentId && byId.has(ancestor.parentId)) ancestor = byId.get(ancestor.parentId);
      expect(ancestor?.localEndpoint?.serviceName).toBe('api-gateway');

      // Log lines carry the trace id, so logs and the trace meet.
      const log = readFileSync(join(ROOT, 'logs', 'order-service.log'), 'utf8');
      expect(log).toContain(`"trace_id":"${traceId}"`);
    });
  } else {
    it('runs without a trace store when TRACING=off, and orders still settle', async () => {
      const product = await stockedProduct(admin, 7.5, 10);
      const placed = await placeOrder(buyer, [{ product, quantity: 1 }]);
      expect(await settled(buyer, placed.body._id)).toMatchObject({ status: 'CONFIRMED' });
      await expect(fetch(`${ZIPKIN}/health`, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
    });
  }
});
