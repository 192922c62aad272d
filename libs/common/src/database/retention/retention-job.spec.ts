import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Model } from 'mongoose';
import { FakeModel } from '@app/testing';
import { envOf } from '../../../../../test/factories/env.factory';
import { BaseEnv } from '../../config/base.env';
import { validateEnv } from '../../config/validate-env';
import { RetentionJob } from './retention-job';
import { retentionLastSuccess, retentionRemoved } from './retention-metrics';
import { RetentionRule, daysBefore } from './retention-rule';

const NOW = new Date('2025-06-30T12:00:00Z');
let names = 0;

/** A collection of rows stamped `at`, and a rule that removes those older than 7 days. */
function collection(clear?: RetentionRule['clear']) {
  const model = new FakeModel();
  const rule: RetentionRule = {
    name: `rows_${++names}`,
    model: model as unknown as Model<any>,
    expired: (now) => ({ at: { $lt: daysBefore(now, 7) } }),
    clear,
  };
  const add = (_id: string, daysAgo: number) => model.docs.push({ _id, at: daysBefore(NOW, daysAgo), body: 'x' });
  return { model, rule, add, ids: () => model.docs.map((d) => d._id) };
}

async function removedOf(rule: RetentionRule): Promise<number> {
  return (await retentionRemoved.get()).values.find((v) => v.labels.collection === rule.name)?.value ?? 0;
}

describe(RetentionJob.name, () => {
  const jobWith = (env: Record<string, string> = {}) =>
    new RetentionJob(new ConfigService<BaseEnv, true>(validateEnv(BaseEnv)(envOf(env))));
  let jobs: RetentionJob[];
  const job = (env?: Record<string, string>) => {
    const made = jobWith(env);
    jobs.push(made);
    return made;
  };

  beforeEach(() => {
    jobs = [];
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
  });

  afterEach(async () => {
    await Promise.all(jobs.map((j) => j.onApplicationShutdown()));
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('deletes the expired rows, keeps the live ones, and counts what it removed', async () => {
    const rows = collection();
    rows.add('old', 30);
    rows.add('older', 400);
    rows.add('new', 1);
    const sut = job();
    sut.register(rows.rule);

    expect(await removedOf(rows.rule)).toBe(0);
    await sut.runOnce(NOW);

    expect(rows.ids()).toEqual(['new']);
    expect(await removedOf(rows.rule)).toBe(2);
    expect((await retentionLastSuccess.get()).values).toContainEqual(
      expect.objectContaining({ labels: { collection: rows.rule.name } }),
    );
  });

  it('clears an expired document instead of deleting it when the rule says how', async () => {
    const rows = collection({ $set: { body: null } });
    rows.add('old', 30);
    rows.add('new', 1);
    const sut = job();
    sut.register(rows.rule);

    await sut.runOnce(NOW);
    await sut.runOnce(NOW);

    expect(rows.model.docs).toEqual([
      expect.objectContaining({ _id: 'old', body: null }),
      expect.objectContaining({ _id: 'new', body: 'x' }),
    ]);
    expect(await removedOf(rows.rule)).toBe(1);
  });

  it('removes at most RETENTION_BATCH rows of a collection per pass, and says when more are waiting', async () => {
    const rows = collection();
    for (let i = 0; i < 5; i++) rows.add(`old-${i}`, 30);
    const sut = job({ RETENTION_BATCH: '2' });
    sut.register(rows.rule);

    expect(await sut.runOnce(NOW)).toBe(true);
    expect(rows.ids()).toHaveLength(3);
    expect(await sut.runOnce(NOW)).toBe(true);
    expect(await sut.runOnce(NOW)).toBe(false);
    expect(rows.ids()).toEqual([]);
  });

  it('counts a row once when two instances remove it at the same time', async () => {
    const rows = collection();
    for (let i = 0; i < 10; i++) rows.add(`old-${i}`, 30);
    const [a, b] = [job(), job()];
    a.register(rows.rule);
    b.register(rows.rule);

    await Promise.all([a.runOnce(NOW), b.runOnce(NOW)]);

    expect(rows.ids()).toEqual([]);
    expect(await removedOf(rows.rule)).toBe(10);
  });

  it('goes on with the other collections when one fails, and tries that one again next pass', async () => {
    const broken = collection();
    broken.add('old', 30);
    jest.spyOn(broken.model, 'find').mockImplementationOnce(() => {
      throw new Error('database unavailable');
    });
    const rows = collection();
    rows.add('old', 30);
    const sut = job();
    sut.register(broken.rule);
    sut.register(rows.rule);

    await sut.runOnce(NOW);
    expect([broken.ids(), rows.ids()]).toEqual([['old'], []]);
    expect(Logger.prototype.warn).toHaveBeenCalledWith(expect.stringContaining('database unavailable'));

    await sut.runOnce(NOW);
    expect(broken.ids()).toEqual([]);
  });

  describe('schedule', () => {
    beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'], now: NOW }));

    /** Lets a pass the timers started finish: FakeModel answers on setImmediate. */
    const flush = async () => {
      for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
    };

    it.each([
      [3_600_000, 'the default', {}],
      [5_000, 'RETENTION_INTERVAL_MS=5000', { RETENTION_INTERVAL_MS: '5000' }],
    ])('passes at start-up, then every %i ms (%s)', async (every, _setting, env: Record<string, string>) => {
      const rows = collection();
      const sut = job(env);
      sut.register(rows.rule);
      const pass = jest.spyOn(sut, 'runOnce');

      sut.onApplicationBootstrap();
      jest.advanceTimersByTime(0);
      await flush();
      expect(pass).toHaveBeenCalledTimes(1);

      jest.advanceTimersByTime(every - 1);
      await flush();
      expect(pass).toHaveBeenCalledTimes(1);
      jest.advanceTimersByTime(1);
      await flush();
      expect(pass).toHaveBeenCalledTimes(2);
    });

    it('comes back a second later, not an interval later, while a full batch leaves more behind', async () => {
      const rows = collection();
      for (let i = 0; i < 3; i++) rows.add(`old-${i}`, 30);
      const sut = job({ RETENTION_BATCH: '2' });
      sut.register(rows.rule);

      sut.onApplicationBootstrap();
      jest.advanceTimersByTime(0);
      await flush();
      expect(rows.ids()).toHaveLength(1);

      jest.advanceTimersByTime(1000);
      await flush();
      expect(rows.ids()).toEqual([]);
    });

    it('never passes with RETENTION=off', async () => {
      const rows = collection();
      rows.add('old', 30);
      const sut = job({ RETENTION: 'off' });
      sut.register(rows.rule);

      sut.onApplicationBootstrap();
      jest.advanceTimersByTime(86_400_000);
      await flush();

      expect(rows.ids()).toEqual(['old']);
    });
  });
});
