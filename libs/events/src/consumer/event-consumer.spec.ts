import { HttpStatus, Logger } from '@nestjs/common';
import { KafkaContext } from '@nestjs/microservices';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { defineErrors } from '@app/common';
import { orderConfirmedEvent, orderRef } from '@app/testing';
import { TOPICS } from '../topics';
import type { EventPublisher } from '../event-publisher';
import { DLQ_HEADERS } from './event-errors';
import { EventConsumer } from './event-consumer';
import { OnEvent } from './on-event.decorator';

enum TestCode {
  Refused = 'TEST_REFUSED',
  Busy = 'TEST_BUSY',
}
class TestError extends defineErrors<TestCode>('TestError', {
  [TestCode.Refused]: { status: HttpStatus.CONFLICT, message: 'Refused by a rule', event: 'dead-letter' },
  [TestCode.Busy]: { status: HttpStatus.SERVICE_UNAVAILABLE, message: 'Busy', event: 'retry' },
}) {}

const NO_WAIT = { attempts: 3, baseDelayMs: 0 };

function contextFor(value: string, offset = '7') {
  const message = { key: Buffer.from('order-1'), value: Buffer.from(value), offset, headers: {} };
  const heartbeat = jest.fn(async () => undefined);
  return new KafkaContext([message as never, 2, TOPICS.ORDER_CONFIRMED, {} as never, heartbeat, {} as never]);
}

function newConsumer() {
  const publisher = { send: jest.fn(async () => undefined) };
  const consumer = new EventConsumer('test-service', publisher as unknown as EventPublisher, NO_WAIT);
  const deadLetters = () => publisher.send.mock.calls as unknown as [string, { headers: Record<string, string> }][];
  const consume = (value: unknown, handler: (e: unknown) => Promise<unknown>) =>
    consumer.consume(TOPICS.ORDER_CONFIRMED, value, contextFor(JSON.stringify(value)), handler);
  return { consumer, publisher, deadLetters, consume };
}

describe(EventConsumer.name, () => {
  beforeEach(() => {
    for (const level of ['log', 'warn', 'error'] as const) jest.spyOn(Logger.prototype, level).mockImplementation();
  });
  afterEach(() => jest.restoreAllMocks());

  it('hands the handler the parsed event, and nothing else to the database', async () => {
    const { consume, deadLetters } = newConsumer();
    const event = orderConfirmedEvent(orderRef());
    const handler = jest.fn(async () => undefined);

    await consume(event, handler);

    expect(handler).toHaveBeenCalledWith(expect.objectContaining({ eventId: event.eventId, orderId: event.orderId }));
    expect(deadLetters()).toEqual([]);
  });

  it("hands a redelivered event to the handler again: the handler's own unique key makes it harmless", async () => {
    const { consume } = newConsumer();
    const event = orderConfirmedEvent(orderRef());
    const handler = jest.fn(async () => undefined);

    await consume(event, handler);
    await consume(event, handler);

    expect(handler).toHaveBeenCalledTimes(2);
  });

  it('dead-letters a malformed message with the reason and where it came from, without calling the handler', async () => {
    const { consume, deadLetters } = newConsumer();
    const handler = jest.fn(async () => undefined);

    await consume({ orderId: 'nope' }, handler);

    expect(handler).not.toHaveBeenCalled();
    const [[topic, letter]] = deadLetters();
    expect(topic).toBe(`${TOPICS.ORDER_CONFIRMED}.dlq`);
    expect(letter.headers).toMatchObject({
      [DLQ_HEADERS.originalTopic]: TOPICS.ORDER_CONFIRMED,
      [DLQ_HEADERS.partition]: '2',
      [DLQ_HEADERS.offset]: '7',
      [DLQ_HEADERS.attempts]: '0',
      [DLQ_HEADERS.consumer]: 'test-service',
    });
    expect(letter.headers[DLQ_HEADERS.reason]).toMatch(/eventId/);
  });

  it('dead-letters at once an error whose rule says so, with its code as the reason', async () => {
    const { consume, deadLetters } = newConsumer();
    const handler = jest.fn(async () => {
      throw new TestError(TestCode.Refused, 'order 1');
    });

    await consume(orderConfirmedEvent(orderRef()), handler);

    expect(handler).toHaveBeenCalledTimes(1);
    expect(deadLetters()[0][1].headers).toMatchObject({
      [DLQ_HEADERS.reason]: 'TEST_REFUSED: Refused by a rule (order 1)',
      [DLQ_HEADERS.attempts]: '1',
    });
  });

  it('retries a retryable error or a fault, then succeeds, or dead-letters after the last attempt', async () => {
    const { consume, deadLetters } = newConsumer();
    const flaky = jest
      .fn(async () => undefined)
      .mockRejectedValueOnce(new TestError(TestCode.Busy))
      .mockRejectedValueOnce(new Error('connection reset'));
    await consume(orderConfirmedEvent(orderRef()), flaky);
    expect(flaky).toHaveBeenCalledTimes(3);
    expect(deadLetters()).toHaveLength(0);

    const broken = jest.fn(async () => {
      throw new Error('still down');
    });
    await consume(orderConfirmedEvent(orderRef()), broken);
    expect(broken).toHaveBeenCalledTimes(NO_WAIT.attempts);
    expect(deadLetters()[0][1].headers).toMatchObject({
      [DLQ_HEADERS.reason]: 'still down',
      [DLQ_HEADERS.attempts]: '3',
    });
  });

  it('throws when even the dead letter cannot be written, so Kafka redelivers', async () => {
    const { consume, publisher } = newConsumer();
    publisher.send.mockRejectedValueOnce(new Error('broker down'));

    await expect(consume({ not: 'an event' }, jest.fn())).rejects.toThrow('broker down');
  });

  /** kafkajs's refusal of a message over the topic's max.message.bytes, wrapped as its retry wrapper does. */
  const tooLarge = () => Object.assign(new Error('retries exhausted'), { cause: { type: 'MESSAGE_TOO_LARGE' } });

  it('writes a letter the broker refuses for its size as a reference to the original, and moves on', async () => {
    const { consume, publisher, deadLetters } = newConsumer();
    publisher.send.mockRejectedValueOnce(tooLarge());

    await consume({ not: 'an event' }, jest.fn());

    const [whole, reference] = deadLetters();
    expect(whole[1].headers[DLQ_HEADERS.omitted]).toBeUndefined();
    expect(reference[0]).toBe(whole[0]);
    expect(reference[1]).toMatchObject({ key: 'order-1', value: '' });
    expect(reference[1].headers).toMatchObject({
      [DLQ_HEADERS.omitted]: expect.stringMatching(/^value \(\d+ bytes\)/),
      [DLQ_HEADERS.offset]: '7',
      [DLQ_HEADERS.partition]: '2',
      [DLQ_HEADERS.originalTopic]: TOPICS.ORDER_CONFIRMED,
    });
  });

  it('moves on, logging where the original is, when even the reference is too large', async () => {
    const { consume, publisher } = newConsumer();
    publisher.send.mockRejectedValueOnce(tooLarge()).mockRejectedValueOnce(tooLarge());

    await expect(consume({ not: 'an event' }, jest.fn())).resolves.toBeUndefined();
    expect(Logger.prototype.error).toHaveBeenCalledWith(
      expect.objectContaining({ message: expect.stringMatching(/not written, even as a reference/) }),
    );
  });
});

describe(OnEvent.name, () => {
  class Handlers {
    readonly seen: unknown[] = [];

    @OnEvent(TOPICS.ORDER_CONFIRMED)
    async confirmed(event: { orderId: string }) {
      this.seen.push(event);
    }
  }

  it("registers Nest's @EventPattern for its topic on the method", () => {
    expect(Reflect.getMetadata(PATTERN_METADATA, Handlers.prototype.confirmed)).toEqual([TOPICS.ORDER_CONFIRMED]);
  });

  it('runs the method through the injected EventConsumer, which hands it the parsed event', async () => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation();
    const { consumer } = newConsumer();
    const handlers = new Handlers();
    // Nest injects the EventConsumer into the property the decorator declared; here it is set by hand.
    const [injection] = Reflect.getMetadata('self:properties_metadata', Handlers) as { key: symbol; type: unknown }[];
    expect(injection.type).toBe(EventConsumer);
    (handlers as unknown as Record<symbol, EventConsumer>)[injection.key] = consumer;
    const event = orderConfirmedEvent(orderRef());

    await (handlers.confirmed as unknown as (value: unknown, context: unknown) => Promise<void>)(
      event,
      contextFor(JSON.stringify(event)),
    );

    expect(handlers.seen).toEqual([expect.objectContaining({ eventId: event.eventId })]);
  });
});
