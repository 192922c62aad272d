import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Schema, type Connection } from 'mongoose';
import { BaseEnv, RetentionJob, daysBefore, retentionRemoved, validateEnv } from '@app/common';
import { FakeModel } from '@app/testing';
import { envOf } from '../../../test/factories/env.factory';
import type { EventPublisher } from './event-publisher';
import { EventsRetention } from './events-retention';
import { outboxQueue } from './outbox/outbox-queue';
import { OutboxRelay } from './outbox/outbox-relay';
import type { OutboxMessage } from './outbox/outbox.schema';
import { withOutbox } from './outbox/with-outbox';

const NOW = new Date('2025-06-30T12:00:00Z');

/** A FakeModel standing in for a mongoose model of `collection`, as the relay and the rules see one. */
function model(modelName: string, collection: string, schema = new Schema({ name: String })) {
  return Object.assign(new FakeModel(), {
    modelName,
    schema,
    collection: { name: collection },
    bulkWrite: jest.fn(async () => ({})),
  });
}

function outbox(eventId: string, publishedDaysAgo: number | null): OutboxMessage {
  return {
    eventId,
    topic: 'order-created',
    key: eventId,
    payload: { eventId, userEmail: 'someone@example.com' },
    createdAt: daysBefore(NOW, publishedDaysAgo ?? 0),
    publishedAt: publishedDaysAgo === null ? null : daysBefore(NOW, publishedDaysAgo),
  };
}

async function removed(collection: string): Promise<number> {
  return (await retentionRemoved.get()).values.find((v) => v.labels.collection === collection)?.value ?? 0;
}

describe(EventsRetention.name, () => {
  let config: ConfigService<BaseEnv, true>;
  let job: RetentionJob;
  let orders: ReturnType<typeof model>;
  let connection: Pick<Connection, 'models'>;

  /** The job with the rules EventsRetention registers for a service with these variables. */
  function retention(env: Record<string, string> = {}) {
    config = new ConfigService<BaseEnv, true>(validateEnv(BaseEnv)(envOf(env)));
    job = new RetentionJob(config);
    orders = model('Order', `orders_${Math.random().toString(36).slice(2)}`, withOutbox(new Schema({ name: String })));
    const users = model('User', 'users');
    connection = { models: { Order: orders, User: users } } as unknown as Pick<Connection, 'models'>;
    new EventsRetention(config, job, connection).onModuleInit();
  }

  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  it('clears an outbox message published more than OUTBOX_RETENTION_DAYS ago, and keeps its document', async () => {
    retention({ OUTBOX_RETENTION_DAYS: '7' });
    orders.docs.push(
      { _id: 'expired', name: 'first', outbox: outbox('e-1', 8) },
      { _id: 'live', name: 'second', outbox: outbox('e-2', 6) },
      { _id: 'unpublished', name: 'third', outbox: outbox('e-3', null) },
      { _id: 'no-event', name: 'fourth', outbox: null },
    );

    await job.runOnce(NOW);

    expect(orders.docs).toEqual([
      { _id: 'expired', name: 'first', outbox: null },
      expect.objectContaining({ _id: 'live', outbox: expect.objectContaining({ eventId: 'e-2' }) }),
      expect.objectContaining({ _id: 'unpublished', outbox: expect.objectContaining({ eventId: 'e-3' }) }),
      { _id: 'no-event', name: 'fourth', outbox: null },
    ]);
    expect(await removed(`${orders.collection.name}.outbox`)).toBe(1);
  });

  it('registers nothing for a model without an outbox', async () => {
    config = new ConfigService<BaseEnv, true>(validateEnv(BaseEnv)(envOf()));
    job = new RetentionJob(config);
    const register = jest.spyOn(job, 'register');
    const users = model('User', 'users');

    new EventsRetention(config, job, { models: { User: users } } as unknown as Pick<
      Connection,
      'models'
    >).onModuleInit();

    expect(register).not.toHaveBeenCalled();
  });

  it("leaves nothing the relay's recovery sweep would send again: it publishes only the unpublished message", async () => {
    retention();
    orders.docs.push(
      { _id: 'expired', outbox: outbox('e-1', 30) },
      { _id: 'live', outbox: outbox('e-2', 1) },
      { _id: 'unpublished', outbox: outbox('e-3', null) },
    );
    await job.runOnce(NOW);
    expect(orders.docs[0].outbox).toBeNull();

    outboxQueue.take(Number.MAX_SAFE_INTEGER);
    const sent: unknown[] = [];
    const publisher = { publishAll: jest.fn(async (events: unknown[]) => void sent.push(...events)) };
    const relay = new OutboxRelay(publisher as unknown as EventPublisher, config, connection);
    relay.onApplicationBootstrap();
    for (let i = 0; i < 200 && orders.bulkWrite.mock.calls.length === 0; i++)
      await new Promise((r) => setTimeout(r, 5));
    await relay.onApplicationShutdown();

    expect(sent).toEqual([expect.objectContaining({ event: expect.objectContaining({ eventId: 'e-3' }) })]);
    expect(Logger.prototype.warn).not.toHaveBeenCalled();
  });
});
