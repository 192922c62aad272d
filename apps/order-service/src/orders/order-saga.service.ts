import { Injectable, Logger } from '@nestjs/common';
import { Role } from '@app/auth';
import {
  BaseEvent,
  CancelReason,
  OrderCancelledEvent,
  OrderConfirmedEvent,
  OrderPaidEvent,
  OrderShippedEvent,
  OutboxMessage,
  PaymentCompletedEvent,
  TOPICS,
  newEvent,
  outboxMessage,
} from '@app/events';
import { OrderErrorCode, OrderServiceError } from '../errors/order-service.error';
import { OrderJournal, Journal } from './order-journal.service';
import {
  CANCEL_REASON_OF,
  Command,
  Guard,
  ORDER_EVENT_OF,
  OrderStatus,
  OrderTrigger,
  REQUESTS,
  Transition,
  decide,
} from './order-process';
import { statusOf } from './order-status';

/** Something that happened to an order: an event from another service, or a request through the API. */
export type Trigger =
  | { on: Exclude<OrderTrigger, 'cancel' | 'ship' | 'payment-completed'>; event: BaseEvent & { orderId: string } }
  | { on: 'payment-completed'; event: PaymentCompletedEvent }
  | { on: 'cancel' | 'ship'; by: { userId: string; role: Role } };

export interface Applied {
  journal: Journal;
  /** `step`: a step was recorded; `unchanged`: a repeated request; `repeat`: an event the order already took. */
  outcome: 'step' | 'unchanged' | 'repeat';
}

/** How often a writer re-reads and decides again after losing the race for the next step, before giving up. */
const MAX_RACES = 8;

/** The checks named in the table (order-process.ts): null when the trigger passes, else why not. */
const GUARDS: Record<Guard, (journal: Journal, trigger: Trigger) => string | null> = {
  'paid in full': ({ order }, trigger) => {
    if (trigger.on !== 'payment-completed') return null;
    const { amount, userId } = trigger.event;
    if (userId.toLowerCase() !== order.userId) return `paid by ${userId}, not by the order's customer`;
    if (Math.round(amount * 100) !== Math.round(order.totalAmount * 100))
      return `paid ${amount}, but the order's total is ${order.totalAmount}`;
    return null;
  },
};

/**
 * Runs the order process (order-process.ts) for one order: reads its journal,
 * asks the table, checks the guard, and appends the step with the event that
 * carries its commands, in one insert. Concurrent writers (an event and a
 * cancel) race for the same next step; the loser reads again and decides from
 * the new state.
 */
@Injectable()
export class OrderSagaService {
  private readonly logger = new Logger(OrderSagaService.name);

  constructor(private readonly journals: OrderJournal) {}

  async apply(orderId: string, trigger: Trigger): Promise<Applied> {
    for (let race = 0; race < MAX_RACES; race++) {
      const journal = await this.journals.read(orderId);
      if (!journal) throw new OrderServiceError(OrderErrorCode.NotFound, `order ${orderId}`);
      // Each event happens to an order once; a second delivery (even with a new eventId) changes nothing.
      if (!REQUESTS.includes(trigger.on) && journal.steps.some((s) => s.on === trigger.on))
        return { journal, outcome: 'repeat' };

      const from = statusOf(journal.steps);
      const decision = decide(from, trigger.on);
      if (decision.kind === 'refused')
        throw new OrderServiceError(OrderErrorCode.TransitionRefused, `order ${orderId}: ${decision.reason}`);
      if (decision.kind === 'unchanged') return { journal, outcome: 'unchanged' };

      const { transition } = decision;
      const refusal = transition.guard && GUARDS[transition.guard](journal, trigger);
      if (refusal) throw new OrderServiceError(OrderErrorCode.PaymentMismatch, `order ${orderId}: ${refusal}`);

      const reason = transition.to === OrderStatus.Cancelled ? cancelReason(journal, trigger) : undefined;
      const step = {
        on: trigger.on,
        from,
        to: transition.to,
        then: [...transition.then],
        reason,
        causedBy: 'event' in trigger ? trigger.event.eventId : `request:${trigger.by.userId}`,
        at: new Date(),
        outbox: this.outbox(journal, transition, trigger, reason),
      };
      const longer = await this.journals.append(journal, step);
      if (longer) {
        this.logger.log({ message: `order ${from} → ${transition.to} on ${trigger.on}`, orderId, then: step.then });
        return { journal: longer, outcome: 'step' };
      }
    }
    throw new OrderServiceError(OrderErrorCode.Contended, `order ${orderId}`);
  }

  /** The one event that carries a step's commands (ORDER_EVENT_OF), or null for a step that issues none. */
  private outbox(
    journal: Journal,
    transition: Transition,
    trigger: Trigger,
    reason?: CancelReason,
  ): OutboxMessage | null {
    const [first] = transition.then;
    if (!first) return null;
    const { order } = journal;
    const orderId = String(order._id);
    const customer = { orderId, userId: order.userId, userEmail: order.userEmail };
    switch (ORDER_EVENT_OF[first]) {
      case 'order-paid': {
        const paymentId = trigger.on === 'payment-completed' ? trigger.event.paymentId : '';
        const items = order.items.map(({ productId, quantity, unitPrice }) => ({ productId, quantity, unitPrice }));
        const event = newEvent<OrderPaidEvent>({
          orderId,
          userId: order.userId,
          paymentId,
          items,
          totalAmount: order.totalAmount,
        });
        return outboxMessage(TOPICS.ORDER_PAID, event, orderId);
      }
      case 'order-confirmed':
        return outboxMessage(
          TOPICS.ORDER_CONFIRMED,
          newEvent<OrderConfirmedEvent>({ ...customer, totalAmount: order.totalAmount }),
          orderId,
        );
      case 'order-shipped':
        return outboxMessage(
          TOPICS.ORDER_SHIPPED,
          newEvent<OrderShippedEvent>({ ...customer, shippedAt: new Date().toISOString() }),
          orderId,
        );
      case 'order-cancelled': {
        const event = newEvent<OrderCancelledEvent>({
          ...customer,
          reason: reason ?? cancelReason(journal, trigger),
          refundDue: transition.then.includes(Command.Refund),
          releaseStock: transition.then.includes(Command.ReleaseStock),
          totalAmount: order.totalAmount,
        });
        return outboxMessage(TOPICS.ORDER_CANCELLED, event, orderId);
      }
    }
  }
}

/** Why the order is (or was) cancelled: by what cancels it now, or by the step that cancelled it before. */
function cancelReason(journal: Journal, trigger: Trigger): CancelReason {
  const earlier = journal.steps.find((s) => s.to === OrderStatus.Cancelled && s.reason);
  if (earlier) return earlier.reason as CancelReason;
  if ('by' in trigger)
    return trigger.by.role === Role.Admin && trigger.by.userId !== journal.order.userId
      ? 'ADMIN_REQUEST'
      : 'CUSTOMER_REQUEST';
  return CANCEL_REASON_OF[trigger.on] ?? 'CUSTOMER_REQUEST';
}
