import { randomUUID } from 'node:crypto';
import { DLQ_HEADERS, ProductCreatedEvent, TOPICS, Topic, deadLetterTopic, newEvent } from '@app/events';
import { Session, admin as adminSession, customer } from './support/accounts';
import { eventually } from './support/eventually';
import { http } from './support/http';
import { SeenMessage, TopicWatcher, disconnectProducer, produce, withTopicConfig } from './support/kafka';
import { runNode } from './support/processes';
import { placeOrder, settled, stockedProduct } from './support/shop';
import { GATEWAY } from './support/stack';

/** Every topic some service consumes, and the consumer groups that must dead-letter a poison message on it. */
const CONSUMED: [Topic, string[]][] = [
  [TOPICS.ORDER_CREATED, ['payment-service']],
  [TOPICS.PAYMENT_COMPLETED, ['order-service', 'notification-service']],
  [TOPICS.PAYMENT_FAILED, ['order-service', 'notification-service']],
  [TOPICS.PAYMENT_REFUNDED, ['order-service', 'notification-service']],
  [TOPICS.ORDER_PAID, ['inventory-service']],
  [TOPICS.INVENTORY_RESERVED, ['order-service']],
  [TOPICS.INVENTORY_FAILED, ['order-service']],
  [TOPICS.ORDER_CONFIRMED, ['notification-service']],
  [TOPICS.ORDER_SHIPPED, ['notification-service']],
  [TOPICS.ORDER_CANCELLED, ['payment-service', 'inventory-service', 'notification-service']],
  [TOPICS.PRODUCT_CREATED, ['inventory-service', 'order-service']],
  [TOPICS.PRODUCT_UPDATED, ['order-service']],
  [TOPICS.PRODUCT_DELETED, ['order-service']],
  [TOPICS.INVENTORY_STOCK_CHANGED, ['product-service']],
];

describe('poison messages and dead letters', () => {
  let watcher: TopicWatcher;
  let admin: Session;

  beforeAll(async () => {
    admin = await adminSession();
    watcher = await TopicWatcher.start(CONSUMED.map(([topic]) => deadLetterTopic(topic)));
  });

  afterAll(async () => {
    await watcher.stop();
    await disconnectProducer();
  });

  const letterFor = (topic: Topic, key: string, consumer: string) =>
    watcher.waitFor(
      (m: SeenMessage) =>
        m.topic === deadLetterTopic(topic) && m.key === key && m.headers[DLQ_HEADERS.consumer] === consumer,
      { what: `${consumer}'s dead letter on ${deadLetterTopic(topic)}` },
    );

  it.each(CONSUMED)(
    'a malformed %s goes to its .dlq with the reason, from every consumer',
    async (topic, consumers) => {
      const key = `poison-${randomUUID()}`;

      await produce(topic, '{"this is": "not a valid event"', key);

      for (const consumer of consumers) {
        const letter = await letterFor(topic, key, consumer);
        expect(letter.value).toBe('{"this is": "not a valid event"');
        expect(letter.headers[DLQ_HEADERS.reason]).toMatch(/not a JSON object|must/);
        expect(letter.headers[DLQ_HEADERS.originalTopic]).toBe(topic);
        expect(Number(letter.headers[DLQ_HEADERS.offset])).toBeGreaterThanOrEqual(0);
      }
    },
  );

  it('a dead letter larger than its .dlq takes goes as a reference to the original, and the partition moves on', async () => {
    const topic = TOPICS.PAYMENT_FAILED;
    // One key, so one partition: the small poison is handled only once the big one is behind it.
    const key = `poison-big-${randomUUID()}`;
    const bigValue = `{"padding": "${'x'.repeat(8_000)}"`;
    const letter = (consumer: string, matches: (m: SeenMessage) => boolean, what: string) =>
      watcher.waitFor(
        (m) =>
          m.topic === deadLetterTopic(topic) &&
          m.key === key &&
          m.headers[DLQ_HEADERS.consumer] === consumer &&
          matches(m),
        { what: `${consumer}'s ${what}` },
      );

    // An operator's smaller limit on the .dlq: the original fits its own topic, its letter does not fit the .dlq.
    await withTopicConfig(deadLetterTopic(topic), { 'max.message.bytes': '4096' }, async () => {
      await produce(topic, bigValue, key);
      await produce(topic, '{"not": "an event"', key);

      for (const consumer of CONSUMED.find(([t]) => t === topic)![1]) {
        const reference = await letter(consumer, (m) => DLQ_HEADERS.omitted in m.headers, 'reference letter');
        expect(reference.value).toBe('');
        expect(reference.headers[DLQ_HEADERS.omitted]).toBe(`value (${bigValue.length} bytes) and original headers`);
        expect(reference.headers[DLQ_HEADERS.originalTopic]).toBe(topic);
        expect(Number(reference.headers[DLQ_HEADERS.offset])).toBeGreaterThanOrEqual(0);
        const next = await letter(consumer, (m) => m.value === '{"not": "an event"', 'next letter');
        expect(Number(next.headers[DLQ_HEADERS.offset])).toBeGreaterThan(Number(reference.headers[DLQ_HEADERS.offset]));
      }
    });
  });

  it('a well-formed message with a broken field is dead-lettered naming the field, and the flow goes on', async () => {
    const key = `poison-${randomUUID()}`;
    await produce(TOPICS.ORDER_CREATED, { orderId: key, items: [], totalAmount: -1 }, key);

    const letter = await letterFor(TOPICS.ORDER_CREATED, key, 'payment-service');
    expect(letter.headers[DLQ_HEADERS.reason]).toMatch(/eventId must be a UUID/);

    const buyer = await customer();
    const product = await stockedProduct(admin, 3, 4);
    const placed = await placeOrder(buyer, [{ product, quantity: 1 }]);
    expect((await settled(buyer, placed.body._id)).status).toBe('CONFIRMED');
  });

  it('a fixed dead letter replays with `npm run dlq -- replay`, is then processed, and leaves the pending list', async () => {
    const productId = randomUUID().replace(/-/g, '').slice(0, 24);
    const broken = {
      ...newEvent<ProductCreatedEvent>({ productId, name: 'Replayed lamp', price: 4, stock: 6 }),
      stock: -6,
    };
    await produce(TOPICS.PRODUCT_CREATED, broken, productId);
    const letter = await letterFor(TOPICS.PRODUCT_CREATED, productId, 'inventory-service');
    expect(letter.headers[DLQ_HEADERS.reason]).toMatch(/stock must not be less than 0/);

    const list = async (...flags: string[]) => {
      const listed = await runNode(['scripts/dlq.mjs', 'list', deadLetterTopic(TOPICS.PRODUCT_CREATED), ...flags]);
      expect(listed.code).toBe(0);
      return listed.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line))
        .filter((l) => l.key === productId && l.consumer === 'inventory-service');
    };
    const [entry] = await list();
    expect(entry).toMatchObject({ originalTopic: TOPICS.PRODUCT_CREATED, reason: expect.stringContaining('stock') });

    const fixed = JSON.stringify({ ...broken, stock: 6 });
    const replay = await runNode([
      'scripts/dlq.mjs',
      'replay',
      deadLetterTopic(TOPICS.PRODUCT_CREATED),
      '--partition',
      String(entry.partition),
      '--offset',
      entry.offset,
      '--value',
      fixed,
    ]);
    expect(replay.code).toBe(0);

    const stock = await eventually(
      () => http('GET', `${GATEWAY}/api/inventory/${productId}`),
      (r) => r.status === 200,
      { what: 'inventory to process the replayed letter' },
    );
    expect(stock.body).toEqual({ productId, stock: 6 });
    expect(await list()).toEqual([]);
    expect(await list('--all')).toEqual([
      expect.objectContaining({ offset: entry.offset, replayedAt: expect.any(String) }),
    ]);
  });
});
