import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { Types } from 'mongoose';
import { dbCommandDuration, filterShape, monitorCommands } from './command-monitor';

describe('filterShape', () => {
  it('names the fields and operators of a find filter, never the values', () => {
    expect(filterShape({ find: 'orders', filter: { userId: 'u-secret', createdAt: { $lt: new Date() } } })).toBe(
      '{userId, createdAt: $lt}',
    );
  });

  it('reads the filter of updates, deletes, counts and aggregations', () => {
    const id = new Types.ObjectId();
    expect(filterShape({ update: 'orders', updates: [{ q: { _id: id }, u: {} }] })).toBe('{_id}');
    expect(filterShape({ delete: 'stock', deletes: [{ q: { sequence: { $lt: 3 } }, limit: 0 }] })).toBe(
      '{sequence: $lt}',
    );
    expect(filterShape({ count: 'orders', query: { _id: { $in: [id] } } })).toBe('{_id: $in}');
    expect(filterShape({ aggregate: 'orders', pipeline: [{ $match: { status: 'PAID' } }] })).toBe('{status}');
  });

  it('is empty for commands without a filter', () => {
    expect(filterShape({ insert: 'orders', documents: [{}] })).toBe('');
    expect(filterShape({ ping: 1 })).toBe('');
  });
});

describe('monitorCommands', () => {
  function connectionWith(client: EventEmitter): Connection {
    return { getClient: () => client } as unknown as Connection;
  }

  it('times each command by name and collection, and warns about the slow ones', async () => {
    const client = new EventEmitter();
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    monitorCommands(connectionWith(client), 100);
    const before = await count('find', 'orders');

    client.emit('commandStarted', {
      requestId: 1,
      commandName: 'find',
      command: { find: 'orders', filter: { userId: 'x' } },
    });
    client.emit('commandSucceeded', { requestId: 1, commandName: 'find', duration: 150 });
    client.emit('commandStarted', {
      requestId: 2,
      commandName: 'find',
      command: { find: 'orders', filter: { _id: 'y' } },
    });
    client.emit('commandSucceeded', { requestId: 2, commandName: 'find', duration: 2 });

    expect(await count('find', 'orders')).toBe(before + 2);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatchObject({
      message: 'slow database command: find orders {userId}',
      durationMs: 150,
      filter: '{userId}',
    });
    warn.mockRestore();
  });

  it('counts failures under their own outcome', async () => {
    const client = new EventEmitter();
    monitorCommands(connectionWith(client), 0);
    client.emit('commandStarted', { requestId: 7, commandName: 'insert', command: { insert: 'payments' } });
    client.emit('commandFailed', { requestId: 7, commandName: 'insert', duration: 1 });
    const failed = (await dbCommandDuration.get()).values.find(
      (v) =>
        v.metricName === 'db_command_duration_seconds_count' &&
        v.labels.collection === 'payments' &&
        v.labels.outcome === 'error',
    );
    expect(failed?.value).toBe(1);
  });
});

async function count(command: string, collection: string): Promise<number> {
  const metric = (await dbCommandDuration.get()).values.find(
    (v) =>
      v.metricName === 'db_command_duration_seconds_count' &&
      v.labels.command === command &&
      v.labels.collection === collection &&
      v.labels.outcome === 'ok',
  );
  return metric?.value ?? 0;
}
