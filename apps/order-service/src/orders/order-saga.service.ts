import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { isDuplicateKeyError } from '@app/common';
import {
  BaseEvent,
  CancelReason,
  InventoryFailedEvent,
  InventoryReservedEvent,
  OrderCancelledEvent,
  OrderConfirmedEvent,
  OutboxMessage,
  OutboxRelay,
  PaymentCompletedEvent,
  PaymentFailedEvent,
  PaymentRefundedEvent,
  PermanentEventError,
  TOPICS,
  newEvent,
  outboxMessage,
} from '@app/events';
import { OrderTransition, TransitionSlot, transitionId } from './order-transition.schema';
import { OrderStatus } from './order-status';
import { Order } from './order.schema';

/**
 * The order's side of the saga: each event from payment and inventory fills
 * one slot of the order's lifecycle, once. The outcome slot carries the event
 * it implies (order-confirmed / order-cancelled) in the same insert.
 */
@Injectable()
export class OrderSagaService {
  private readonly logger = new Logger(OrderSagaService.name);

  constructor(
    @InjectModel(Order.name) private readonly orders: Model<Order>,
    @InjectModel(OrderTransition.name) private readonly transitions: Model<OrderTransition>,
    private readonly relay: OutboxRelay,
  ) {}

  async paid(event: PaymentCompletedEvent): Promise<void> {
    await this.order(event.orderId);
    await this.record(event, TransitionSlot.Payment, OrderStatus.Paid);
  }

  async declined(event: PaymentFailedEvent): Promise<void> {
    await this.cancel(event, 'PAYMENT_DECLINED', false);
  }

  async reserved(event: InventoryReservedEvent): Promise<void> {
    const order = await this.order(event.orderId);
    const confirmed = newEvent<OrderConfirmedEvent>({
      orderId: event.orderId,
      userId: order.userId,
      userEmail: order.userEmail,
      totalAmount: order.totalAmount,
    });
    await this.record(event, TransitionSlot.Outcome, OrderStatus.Confirmed, undefined, () =>
      outboxMessage(TOPICS.ORDER_CONFIRMED, confirmed, event.orderId),
    );
  }

  async outOfStock(event: InventoryFailedEvent): Promise<void> {
    await this.cancel(event, 'OUT_OF_STOCK', true);
  }

  async refunded(event: PaymentRefundedEvent): Promise<void> {
    await this.order(event.orderId);
    await this.record(event, TransitionSlot.Refund, OrderStatus.Refunded, event.reason);
  }

  private async cancel(event: BaseEvent & { orderId: string }, reason: CancelReason, refundDue: boolean) {
    const order = await this.order(event.orderId);
    const cancelled = newEvent<OrderCancelledEvent>({
      orderId: event.orderId,
      userId: order.userId,
      userEmail: order.userEmail,
      reason,
      refundDue,
      totalAmount: order.totalAmount,
    });
    await this.record(event, TransitionSlot.Outcome, OrderStatus.Cancelled, reason, () =>
      outboxMessage(TOPICS.ORDER_CANCELLED, cancelled, event.orderId),
    );
  }

  private async order(orderId: string): Promise<Order> {
    const order = await this.orders.findById(orderId).lean().exec();
    if (!order) throw new PermanentEventError(`order ${orderId} does not exist`);
    return order;
  }

  private async record(
    cause: BaseEvent & { orderId: string },
    slot: TransitionSlot,
    status: OrderStatus,
    reason?: string,
    outbox?: () => OutboxMessage,
  ): Promise<void> {
    try {
      await this.transitions.create({
        _id: transitionId(cause.orderId, slot),
        orderId: cause.orderId,
        slot,
        status,
        reason,
        causedBy: cause.eventId,
        at: new Date(),
        outbox: outbox?.() ?? null,
      });
      if (outbox) this.relay.kick();
      this.logger.log({ message: `order ${status.toLowerCase()}`, orderId: cause.orderId, eventId: cause.eventId });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      // The slot is taken: a duplicate of this event, or a later event that lost the race. Either way nothing moves.
      this.logger.log({ message: `order already past ${slot}; ${status} ignored`, orderId: cause.orderId });
    }
  }
}
