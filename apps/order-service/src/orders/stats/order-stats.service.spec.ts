import { Types } from 'mongoose';
import type { Model } from 'mongoose';
import { FakeModel } from '@app/testing';
import type { OrderJournal } from '../order-journal.service';
import { OrderStatus } from '../order-process';
import type { Order } from '../order.schema';
import { OrderStatsService } from './order-stats.service';

function newTestService(placedMinutesAgo: number[], statuses: OrderStatus[]) {
  const orders = new FakeModel();
  const ids = placedMinutesAgo.map((ago) => {
    const _id = new Types.ObjectId();
    orders.docs.push({ _id, createdAt: new Date(Date.now() - ago * 60_000) });
    return String(_id);
  });
  const journals = {
    statusesOf: jest.fn(async (asked: string[]) => new Map(asked.map((id) => [id, statuses[ids.indexOf(id)]]))),
  };
  const sut = new OrderStatsService(orders as unknown as Model<Order>, journals as unknown as OrderJournal);
  return { sut, journals };
}

describe(OrderStatsService.name, () => {
  it('counts the orders of the window per slice, by the status each is in now, and leaves older ones out', async () => {
    const { sut } = newTestService(
      [2, 3, 45, 90],
      [OrderStatus.Confirmed, OrderStatus.Cancelled, OrderStatus.Confirmed, OrderStatus.Confirmed],
    );

    const stats = await sut.stats({ minutes: 60, buckets: 6 });

    expect(stats.bucketMinutes).toBe(10);
    expect(stats.buckets).toHaveLength(6);
    expect(stats.totals).toEqual({ PENDING: 0, PAID: 0, CONFIRMED: 2, SHIPPED: 0, CANCELLED: 1 });
    expect(stats.buckets[1].counts).toMatchObject({ CONFIRMED: 1, CANCELLED: 0 });
    expect(stats.buckets[5].counts).toMatchObject({ CONFIRMED: 1, CANCELLED: 1 });
    expect(stats.truncated).toBe(false);
  });

  it('reuses an answer for a repeated question instead of scanning again', async () => {
    const { sut, journals } = newTestService([1], [OrderStatus.Pending]);

    await sut.stats({ minutes: 60, buckets: 12 });
    await sut.stats({ minutes: 60, buckets: 12 });

    expect(journals.statusesOf).toHaveBeenCalledTimes(1);
  });
});
