import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Schema, type Connection } from 'mongoose';
import { BaseEnv, validateEnv } from '@app/common';
import { envOf } from '../../../../test/factories/env.factory';
import type { EventPublisher, OutgoingEvent } from '../event-publisher';
import { outboxQueue } from './outbox-queue';
import { MAX_UPDATES_PER_WRITE, OutboxRelay, refusedForGood } from './outbox-relay';
import type { OutboxMessage } from './outbox.schema';
import { withOutbox } from './with-outbox';

function message(key: string, n: number): OutboxMessage {
  return {
    eventId: `${key}-${n}`,
    topic: 'product-updated',
    key,
    payload: { eventId: `${key}-${n}`, productId: key },
    createdAt: new Date(),
    publishedAt: null,
  };
}

/** A model with an outbox, and the two calls the relay makes on it: the sweep's find, and the bulk "published" mark. */
function source(modelName: string) {
  const chain = { sort: () => chain, limit: () => chain, lean: () => chain, exec: async () => [] };
  const schema = withOutbox(new Schema({ name: String }));
  return { modelName, schema, find: jest.fn(() => chain), bulkWrite: jest.fn(async () => ({})) };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

describe('OutboxRelay', () => {
  let published: OutgoingEvent[][];
  let failNext: number;
  let refuse: string | undefined;
  let calls: number;
  let relay: OutboxRelay;
  let products: ReturnType<typeof source>;
  /** A relay over the Product model, configured as a service with these variables would be. */
  let relayWith: (env?: Record<string, string>) => OutboxRelay;

  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.useFakeTimers({ doNotFake: ['setTimeout', 'nextTick', 'setImmediate'] });
    outboxQueue.take(Number.MAX_SAFE_INTEGER);
    published = [];
    failNext = 0;
    refuse = undefined;
    calls = 0;
    const publisher = {
      publishAll: jest.fn(async (events: OutgoingEvent[]) => {
        calls++;
        if (events.some((e) => (e.event as { eventId: string }).eventId === refuse)) {
          throw Object.assign(new Error('The request included a message larger than the max message size'), {
            type: 'MESSAGE_TOO_LARGE',
          });
        }
        if (failNext > 0) {
          failNext--;
          throw new Error('broker unavailable');
        }
        published.push(events);
      }),
    };
    products = source('Product');
    // The connection's models: the relay serves those with an outbox and leaves the rest alone.
    const models = { Product: products, User: { modelName: 'User', schema: new Schema({ name: String }) } };
    relayWith = (env = {}) =>
      new OutboxRelay(
        publisher as unknown as EventPublisher,
        new ConfigService<BaseEnv, true>(validateEnv(BaseEnv)(envOf(env))),
        { models } as unknown as Connection,
      );
    relay = relayWith();
  });

  afterEach(async () => {
    await relay.onApplicationShutdown();
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  const keys = () => published.flat().map((e) => (e.event as { eventId: string }).eventId);

  it('publishes what queued up in one request, in write order, and marks it published in one bulk write', async () => {
    for (let n = 1; n <= 3; n++) outboxQueue.push({ modelName: 'Product', id: `p-${n}`, message: message('p', n) });
    relay.onApplicationBootstrap();
    await until(() => keys().length === 3);

    expect(published).toHaveLength(1);
    expect(keys()).toEqual(['p-1', 'p-2', 'p-3']);
    expect(published[0][0]).toMatchObject({ topic: 'product-updated', key: 'p' });
    await until(() => products.bulkWrite.mock.calls.length === 1);
    const ops = (products.bulkWrite.mock.calls[0] as unknown[])[0] as Array<{ updateOne: { filter: unknown } }>;
    expect(ops.map((op) => op.updateOne.filter)).toEqual([{ _id: 'p-1' }, { _id: 'p-2' }, { _id: 'p-3' }]);
  });

  it(`marks a backlog published in writes of at most ${MAX_UPDATES_PER_WRITE} updates, every message once`, async () => {
    const count = 3 * MAX_UPDATES_PER_WRITE + 7;
    for (let n = 1; n <= count; n++) outboxQueue.push({ modelName: 'Product', id: `p-${n}`, message: message('p', n) });
    relay.onApplicationBootstrap();
    await until(() => keys().length === count);

    await until(
      () => products.bulkWrite.mock.calls.flatMap((call) => (call as unknown[])[0] as unknown[]).length === count,
    );
    const writes = products.bulkWrite.mock.calls.map((call) => ((call as unknown[])[0] as unknown[]).length);
    expect(Math.max(...writes)).toBeLessThanOrEqual(MAX_UPDATES_PER_WRITE);
    const marked = products.bulkWrite.mock.calls.flatMap((call) =>
      ((call as unknown[])[0] as Array<{ updateOne: { filter: { _id: string } } }>).map(
        (op) => op.updateOne.filter._id,
      ),
    );
    expect(new Set(marked).size).toBe(count);
  });

  it('keeps the order when a publish fails: the batch is retried ahead of messages written since', async () => {
    relay.onApplicationBootstrap();
    await until(() => products.find.mock.calls.length === 1); // the start-up sweep, nothing to send
    failNext = 1;
    outboxQueue.push({ modelName: 'Product', id: 'p-1', message: message('p', 1) });
    outboxQueue.push({ modelName: 'Product', id: 'p-2', message: message('p', 2) });
    await until(() => failNext === 0);
    outboxQueue.push({ modelName: 'Product', id: 'p-3', message: message('p', 3) });

    await until(() => keys().length === 3);
    expect(keys()).toEqual(['p-1', 'p-2', 'p-3']);
  });

  it('backs off after a failed publish instead of retrying at once', async () => {
    failNext = Number.MAX_SAFE_INTEGER;
    outboxQueue.push({ modelName: 'Product', id: 'p-1', message: message('p', 1) });
    relay.onApplicationBootstrap();
    await new Promise((r) => setTimeout(r, 300));

    expect(calls).toBe(1);
    expect(outboxQueue.size).toBe(1);
  });

  it('sets aside a message Kafka refuses for good, and publishes the others in order', async () => {
    refuse = 'p-2';
    for (let n = 1; n <= 4; n++) outboxQueue.push({ modelName: 'Product', id: `p-${n}`, message: message('p', n) });
    relay.onApplicationBootstrap();

    await until(() => keys().length === 3);
    expect(keys()).toEqual(['p-1', 'p-3', 'p-4']);
    expect(Logger.prototype.error).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'p-2', message: expect.stringContaining('refused by Kafka') }),
    );
    const marked = products.bulkWrite.mock.calls.flatMap((call) =>
      ((call as unknown[])[0] as Array<{ updateOne: { filter: { _id: string } } }>).map(
        (op) => op.updateOne.filter._id,
      ),
    );
    expect(marked).not.toContain('p-2');
  });

  it.each([
    [120_000, 'the default', {}],
    [5_000, 'OUTBOX_SWEEP_MS=5000', { OUTBOX_SWEEP_MS: '5000' }],
  ])('sweeps at start-up, then every %i ms (%s)', async (every, _setting, env: Record<string, string>) => {
    relay = relayWith(env);
    relay.onApplicationBootstrap();
    await until(() => products.find.mock.calls.length === 1);

    jest.advanceTimersByTime(every - 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(products.find).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(1);
    await until(() => products.find.mock.calls.length === 2);
  });

  it('tells a refused message from a broker it cannot reach, through the errors kafkajs wraps', () => {
    const tooLarge = Object.assign(new Error('too large'), { type: 'MESSAGE_TOO_LARGE' });
    expect(refusedForGood(tooLarge)).toBe(true);
    expect(refusedForGood(Object.assign(new Error('retries exhausted'), { originalError: tooLarge }))).toBe(true);
    expect(refusedForGood(new TypeError('Do not know how to serialize a BigInt'))).toBe(true);
    expect(refusedForGood(Object.assign(new Error('Connection error'), { type: 'NETWORK_EXCEPTION' }))).toBe(false);
    expect(refusedForGood(new Error('broker unavailable'))).toBe(false);
  });

  it('does not publish again in a loop when only the "published" mark fails; the sweep is brought forward', async () => {
    products.bulkWrite.mockRejectedValueOnce(new Error('database unavailable'));
    outboxQueue.push({ modelName: 'Product', id: 'p-1', message: message('p', 1) });
    relay.onApplicationBootstrap();
    await until(() => products.bulkWrite.mock.calls.length === 1);
    await until(() => products.find.mock.calls.length >= 1);

    expect(keys()).toEqual(['p-1']);
    expect(Logger.prototype.warn).toHaveBeenCalledWith(expect.stringContaining('not marked published'));
  });
});
