import { AsyncAPIDocumentInterface, Parser } from '@asyncapi/parser';
import { EVENT_CLASSES, EventTopic } from '../contracts/event-map';
import { TOPIC_FLOW } from '../contracts/topic-flow';
import { allTopicNames } from '../topics';
import { asyncApiDocument } from './asyncapi-document';

describe(asyncApiDocument.name, () => {
  let parsed: AsyncAPIDocumentInterface;
  let errors: string[];

  beforeAll(async () => {
    const result = await new Parser().parse(JSON.stringify(asyncApiDocument()));
    // Severity 0 is an error; warnings and hints (say, a missing license) do not make it invalid.
    errors = result.diagnostics.filter((d) => d.severity === 0).map((d) => `${d.path.join('.')}: ${d.message}`);
    parsed = result.document!;
  });

  it('is a valid AsyncAPI 3.0 document for the AsyncAPI parser', () => {
    expect(errors).toEqual([]);
    expect(parsed.version()).toBe('3.0.0');
  });

  it('documents every topic the code creates, its dead-letter topic included', () => {
    const addresses = parsed
      .channels()
      .all()
      .map((channel) => channel.address());
    expect(addresses.sort()).toEqual(allTopicNames().sort());
  });

  it('names the producer and every consumer group of each topic', () => {
    for (const topic of Object.keys(EVENT_CLASSES) as EventTopic[]) {
      const channel = parsed.channels().get(topic)!;
      const sends = channel
        .operations()
        .filterBySend()
        .map((op) => op.id());
      const receives = channel
        .operations()
        .filterByReceive()
        .map((op) => op.id());
      expect(sends).toEqual([`${TOPIC_FLOW[topic].producer}.publish.${topic}`]);
      expect(receives.sort()).toEqual(TOPIC_FLOW[topic].consumers.map((c) => `${c}.consume.${topic}`).sort());
    }
  });

  it('carries the payload rules of the event classes, nested classes and headers', () => {
    const created = parsed.channels().get('order-created')!.messages().all()[0];
    const payload = created.payload()!;
    expect(payload.required()).toEqual(
      expect.arrayContaining(['eventId', 'version', 'occurredAt', 'orderId', 'items']),
    );
    expect(payload.properties()!.orderId.pattern()).toBe('^[0-9a-fA-F]{24}$');
    const line = (
      payload.properties()!.items.items() as { properties(): Record<string, { maximum(): number }> }
    ).properties();
    expect(line.quantity.maximum()).toBe(10_000);
    expect(Object.keys(created.headers()!.properties()!)).toEqual(['x-correlation-id', 'traceparent', 'tracestate']);
    const cancelled = parsed.channels().get('order-cancelled')!.messages().all()[0].payload()!;
    expect(cancelled.properties()!.reason.enum()).toEqual([
      'PAYMENT_DECLINED',
      'OUT_OF_STOCK',
      'CUSTOMER_REQUEST',
      'ADMIN_REQUEST',
    ]);
  });
});
