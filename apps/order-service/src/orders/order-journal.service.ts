import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { insertOnce } from '@app/common';
import { OrderStatus } from './order-process';
import { OrderStep, stepId } from './order-step.schema';
import { Order } from './order.schema';

/** An order as placed and the steps it has taken since, oldest first. */
export interface Journal {
  order: Order;
  steps: OrderStep[];
}

/** How many orders' journals a process keeps in memory; older ones are read again when needed. */
const CACHED_ORDERS = 10_000;

/**
 * Reads and appends an order's steps. Orders and steps are never changed once
 * written, so a cached journal is a correct prefix of the real one: a read
 * looks up only the step after the last one it knows (usually absent, so one
 * primary-key lookup), and follows any that another instance appended.
 */
@Injectable()
export class OrderJournal {
  private readonly cache = new Map<string, Journal>();

  constructor(
    @InjectModel(Order.name) private readonly orders: Model<Order>,
    @InjectModel(OrderStep.name) private readonly steps: Model<OrderStep>,
  ) {}

  /** The order's journal, or null when there is no such order. */
  async read(orderId: string): Promise<Journal | null> {
    let journal = this.cache.get(orderId);
    if (!journal) {
      const order = await this.orders.findById(orderId, { outbox: 0 }).lean<Order>().exec();
      if (!order) return null;
      journal = { order, steps: [] };
    }
    const steps = [...journal.steps];
    for (;;) {
      const next = await this.steps
        .findById(stepId(orderId, steps.length + 1), { outbox: 0 })
        .lean<OrderStep>()
        .exec();
      if (!next) break;
      steps.push(next);
    }
    return this.remember(orderId, { order: journal.order, steps });
  }

  /** Appends the step after the journal's last: the longer journal, or null when another writer took that place first. */
  async append(journal: Journal, step: Omit<OrderStep, '_id' | 'seq' | 'orderId'>): Promise<Journal | null> {
    const orderId = String(journal.order._id);
    const seq = journal.steps.length + 1;
    const doc: OrderStep = { ...step, _id: stepId(orderId, seq), orderId, seq };
    if (!(await insertOnce(this.steps, doc))) return null;
    return this.remember(orderId, { order: journal.order, steps: [...journal.steps, { ...doc, outbox: null }] });
  }

  /**
   * The current status of each of these orders, from one read of their steps: a query on `orderId`, which
   * FerretDB answers by scanning order_steps, so callers bound how many ids they ask about.
   */
  async statusesOf(orderIds: readonly string[]): Promise<Map<string, OrderStatus>> {
    const last = new Map<string, { seq: number; to: OrderStatus }>();
    const steps = await this.steps
      .find({ orderId: { $in: orderIds } }, { orderId: 1, seq: 1, to: 1 })
      .lean<Pick<OrderStep, 'orderId' | 'seq' | 'to'>[]>()
      .exec();
    for (const s of steps) if ((last.get(s.orderId)?.seq ?? 0) < s.seq) last.set(s.orderId, s);
    return new Map(orderIds.map((id) => [id, last.get(id)?.to ?? OrderStatus.Pending]));
  }

  /** A just-placed order: its journal is known without a read. */
  placed(order: Order): void {
    this.remember(String(order._id), { order, steps: [] });
  }

  private remember(orderId: string, journal: Journal): Journal {
    this.cache.delete(orderId);
    this.cache.set(orderId, journal);
    if (this.cache.size > CACHED_ORDERS) this.cache.delete(this.cache.keys().next().value!);
    return journal;
  }
}
