import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { OrderJournal } from '../order-journal.service';
import { OrderStatus } from '../order-process';
import { Order } from '../order.schema';
import { OrderStatsQuery } from './order-stats.query';

/** The most orders one answer looks at, newest first: past it the answer says `truncated`. */
export const STATS_SCAN = 5_000;
/** How long an answer is reused: a console polling every few seconds costs two scans per this, not per poll. */
export const STATS_CACHE_MS = 10_000;

export type StatusCounts = Record<OrderStatus, number>;

export interface OrderStats {
  from: string;
  to: string;
  bucketMinutes: number;
  /** Orders placed in each slice of the window, oldest slice first, by the status each is in now. */
  buckets: { from: string; counts: StatusCounts }[];
  totals: StatusCounts;
  /** More than STATS_SCAN orders were placed in the window: only the newest were counted. */
  truncated: boolean;
}

/**
 * Orders placed over a recent window, per slice of time and current status,
 * for the operator console. Placement time is not the primary key, so
 * FerretDB scans orders for it (and order_steps for the statuses): the
 * answer is bounded to the newest STATS_SCAN orders and cached briefly.
 */
@Injectable()
export class OrderStatsService {
  private readonly cache = new Map<string, { at: number; stats: Promise<OrderStats> }>();

  constructor(
    @InjectModel(Order.name) private readonly orders: Model<Order>,
    private readonly journals: OrderJournal,
  ) {}

  stats(query: OrderStatsQuery): Promise<OrderStats> {
    const key = `${query.minutes}:${query.buckets}`;
    const cached = this.cache.get(key);
    if (cached && Date.now() - cached.at < STATS_CACHE_MS) return cached.stats;
    const stats = this.compute(query.minutes, query.buckets, new Date());
    this.cache.set(key, { at: Date.now(), stats });
    stats.catch(() => this.cache.delete(key));
    return stats;
  }

  private async compute(minutes: number, bucketCount: number, to: Date): Promise<OrderStats> {
    const sliceMs = (minutes * 60_000) / bucketCount;
    const from = new Date(to.getTime() - minutes * 60_000);
    const placed = await this.orders
      .find({ createdAt: { $gte: from, $lte: to } }, { _id: 1, createdAt: 1 })
      .sort({ createdAt: -1 })
      .limit(STATS_SCAN + 1)
      .lean<{ _id: Types.ObjectId; createdAt: Date }[]>()
      .exec();
    const truncated = placed.length > STATS_SCAN;
    const counted = placed.slice(0, STATS_SCAN);
    const statuses = await this.journals.statusesOf(counted.map((o) => String(o._id)));

    const buckets = Array.from({ length: bucketCount }, (_, i) => ({
      from: new Date(from.getTime() + i * sliceMs).toISOString(),
      counts: zeroCounts(),
    }));
    const totals = zeroCounts();
    for (const order of counted) {
      const status = statuses.get(String(order._id)) ?? OrderStatus.Pending;
      const slice = Math.min(bucketCount - 1, Math.floor((order.createdAt.getTime() - from.getTime()) / sliceMs));
      buckets[slice].counts[status]++;
      totals[status]++;
    }
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      bucketMinutes: minutes / bucketCount,
      buckets,
      totals,
      truncated,
    };
  }
}

function zeroCounts(): StatusCounts {
  return Object.fromEntries(Object.values(OrderStatus).map((s) => [s, 0])) as StatusCounts;
}
