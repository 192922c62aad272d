import type { Journal } from './order-journal.service';
import { Command, OrderStatus, OrderTrigger, SOURCE_OF } from './order-process';
import { DerivedStatus } from './order-status';
import { Order } from './order.schema';

/** What the API shows of an order: the seed's shape plus the derived status. */
export interface OrderView {
  _id: string;
  user: string;
  items: { product: string; name: string; quantity: number; price: number }[];
  totalAmount: number;
  status: DerivedStatus['status'];
  cancelReason?: string;
  refunded: boolean;
  history: DerivedStatus['history'];
  createdAt: Date;
}

export function toOrderView(order: Order, derived: DerivedStatus): OrderView {
  return {
    _id: String(order._id),
    user: order.userId,
    items: order.items.map((l) => ({ product: l.productId, name: l.name, quantity: l.quantity, price: l.unitPrice })),
    totalAmount: order.totalAmount,
    status: derived.status,
    ...(derived.cancelReason ? { cancelReason: derived.cancelReason } : {}),
    refunded: derived.refunded,
    history: derived.history,
    createdAt: order.createdAt,
  };
}

/** One entry of an order's timeline: what happened, the status it left the order in, and what was asked of others. */
export interface TimelineEntry {
  /** 0 for the placement, then each step in the order it was taken. */
  seq: number;
  at: Date;
  /** `placed`, an event from another service (`payment-completed`, …), or a request (`cancel`, `ship`). */
  event: 'placed' | OrderTrigger;
  status: OrderStatus;
  /** The service that took the step: payment or inventory for their events, order-service for a placement or request. */
  service: (typeof SOURCE_OF)[OrderTrigger];
  reason?: string;
  /** What order-service asked of the other services at this step (`charge`, `reserve stock`, `refund`, …). */
  commands: (Command | 'charge')[];
  /** The event id that caused the step, or `request:<userId>`. */
  causedBy?: string;
}

export interface Timeline {
  orderId: string;
  status: OrderStatus;
  steps: TimelineEntry[];
}

export function toTimeline({ order, steps }: Journal): Timeline {
  const placed: TimelineEntry = {
    seq: 0,
    at: order.createdAt,
    event: 'placed',
    status: OrderStatus.Pending,
    service: 'order-service',
    commands: ['charge'],
  };
  return {
    orderId: String(order._id),
    status: steps.at(-1)?.to ?? OrderStatus.Pending,
    steps: [
      placed,
      ...steps.map((s) => ({
        seq: s.seq,
        at: s.at,
        event: s.on,
        status: s.to,
        service: SOURCE_OF[s.on],
        ...(s.reason ? { reason: s.reason } : {}),
        commands: s.then,
        causedBy: s.causedBy,
      })),
    ],
  };
}
