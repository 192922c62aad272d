import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import { Connection, Model } from 'mongoose';
import { insertOnce } from '@app/common';
import type { OutboxMessage } from '@app/events';
import { Command, OrderStatus, OrderTrigger } from './order-process';
import { OrderStep, stepId } from './order-step.schema';

/** Where versions before the order process kept an order's lifecycle: one document per slot. */
export const LEGACY_COLLECTION = 'order_transitions';

interface LegacySlot {
  orderId: string;
  slot: 'payment' | 'outcome' | 'refund';
  status: string;
  reason?: string;
  causedBy: string;
  at: Date;
  outbox?: OutboxMessage | null;
}

const SLOT_ORDER = ['payment', 'outcome', 'refund'] as const;

/**
 * Moves orders placed before the order process to its journal, once: each
 * filled slot becomes the step it stood for, with its outbox message (a
 * message not yet published is still published, by the relay's sweep). Steps
 * are inserted by their ids, so a start interrupted halfway finishes the job
 * the next time; the old collection is dropped when every order is moved.
 */
@Injectable()
export class OrderStepsMigration implements OnModuleInit {
  private readonly logger = new Logger(OrderStepsMigration.name);

  constructor(
    @InjectConnection() private readonly connection: Connection,
    @InjectModel(OrderStep.name) private readonly steps: Model<OrderStep>,
  ) {}

  async onModuleInit(): Promise<void> {
    const exists = await this.connection.db!.listCollections({ name: LEGACY_COLLECTION }).hasNext();
    if (!exists) return;
    const legacy = this.connection.db!.collection<LegacySlot>(LEGACY_COLLECTION);
    const byOrder = new Map<string, LegacySlot[]>();
    for await (const slot of legacy.find({})) byOrder.set(slot.orderId, [...(byOrder.get(slot.orderId) ?? []), slot]);
    for (const [orderId, slots] of byOrder) {
      const sorted = [...slots].sort((a, b) => SLOT_ORDER.indexOf(a.slot) - SLOT_ORDER.indexOf(b.slot));
      let from = OrderStatus.Pending;
      for (const [n, slot] of sorted.entries()) {
        const step = stepOf(slot, from);
        await insertOnce(this.steps, {
          ...step,
          _id: stepId(orderId, n + 1),
          orderId,
          seq: n + 1,
          reason: slot.reason,
          causedBy: slot.causedBy,
          at: slot.at,
          outbox: slot.outbox ?? null,
        });
        from = step.to;
      }
    }
    await legacy.drop();
    this.logger.log(`moved the lifecycle of ${byOrder.size} order(s) from ${LEGACY_COLLECTION} to order_steps`);
  }
}

function stepOf(
  slot: LegacySlot,
  from: OrderStatus,
): { on: OrderTrigger; from: OrderStatus; to: OrderStatus; then: Command[] } {
  if (slot.slot === 'payment')
    return { on: 'payment-completed', from, to: OrderStatus.Paid, then: [Command.ReserveStock] };
  if (slot.slot === 'refund') return { on: 'payment-refunded', from, to: from, then: [] };
  if (slot.status === OrderStatus.Confirmed)
    return { on: 'inventory-reserved', from, to: OrderStatus.Confirmed, then: [Command.NotifyConfirmed] };
  return slot.reason === 'PAYMENT_DECLINED'
    ? { on: 'payment-failed', from, to: OrderStatus.Cancelled, then: [Command.NotifyCancelled] }
    : { on: 'inventory-failed', from, to: OrderStatus.Cancelled, then: [Command.Refund, Command.NotifyCancelled] };
}
