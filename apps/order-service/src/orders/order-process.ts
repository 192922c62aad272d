import type { CancelReason } from '@app/events';

/**
 * The order's rules, all of them: every state, everything that can happen to
 * an order, and what order-service decides for each pair. order-service is
 * the only decider; payment, inventory and notification act on the events it
 * publishes (docs/ARCHITECTURE.md shows this table, checked by a test).
 */
export enum OrderStatus {
  Pending = 'PENDING',
  Paid = 'PAID',
  Confirmed = 'CONFIRMED',
  Shipped = 'SHIPPED',
  Cancelled = 'CANCELLED',
}

/** What can happen to an order: an event from payment or inventory, or a request through the API. */
export const ORDER_TRIGGERS = [
  'payment-completed',
  'payment-failed',
  'inventory-reserved',
  'inventory-failed',
  'payment-refunded',
  'cancel',
  'ship',
] as const;
export type OrderTrigger = (typeof ORDER_TRIGGERS)[number];

/** The service each trigger comes from: the one that charged, reserved, or took the request. */
export const SOURCE_OF: Record<OrderTrigger, 'payment-service' | 'inventory-service' | 'order-service'> = {
  'payment-completed': 'payment-service',
  'payment-failed': 'payment-service',
  'payment-refunded': 'payment-service',
  'inventory-reserved': 'inventory-service',
  'inventory-failed': 'inventory-service',
  cancel: 'order-service',
  ship: 'order-service',
};

/** Triggers that arrive through the API; the others arrive as events, each at most once per order. */
export const REQUESTS: readonly OrderTrigger[] = ['cancel', 'ship'];

/**
 * What order-service asks of the other services when it takes a step. A
 * step's commands travel in one event (see `ORDER_EVENT_OF`): placing an
 * order issues `charge` (order-created), before any step.
 */
export enum Command {
  ReserveStock = 'reserve stock',
  NotifyConfirmed = 'notify confirmed',
  NotifyShipped = 'notify shipped',
  NotifyCancelled = 'notify cancelled',
  Refund = 'refund',
  ReleaseStock = 'release stock',
}

/** A check a transition needs beyond the state, named here and defined in the saga (`GUARDS`). */
export type Guard = 'paid in full';

export interface Transition {
  from: OrderStatus;
  on: OrderTrigger;
  to: OrderStatus;
  then: readonly Command[];
  guard?: Guard;
  /** A repeated request (cancel a cancelled order): the order is answered as it is, and nothing is recorded. */
  unchanged?: true;
}

const { Pending, Paid, Confirmed, Shipped, Cancelled } = OrderStatus;
const { ReserveStock, NotifyConfirmed, NotifyShipped, NotifyCancelled, Refund, ReleaseStock } = Command;

const step = (from: OrderStatus, on: OrderTrigger, to: OrderStatus, then: Command[] = [], extra = {}): Transition => ({
  from,
  on,
  to,
  then,
  ...extra,
});

/** Every allowed pair. A pair that is not here is refused: 409 for a request, a dead letter for an event. */
export const ORDER_PROCESS: readonly Transition[] = [
  // The happy path.
  step(Pending, 'payment-completed', Paid, [ReserveStock], { guard: 'paid in full' }),
  step(Paid, 'inventory-reserved', Confirmed, [NotifyConfirmed]),
  step(Confirmed, 'ship', Shipped, [NotifyShipped]),
  // The saga gives up.
  step(Pending, 'payment-failed', Cancelled, [NotifyCancelled]),
  step(Paid, 'inventory-failed', Cancelled, [Refund, NotifyCancelled]),
  // The owner or an admin cancels, until the order ships. A reservation still in flight is released when it lands.
  step(Pending, 'cancel', Cancelled, [NotifyCancelled]),
  step(Paid, 'cancel', Cancelled, [Refund, NotifyCancelled]),
  step(Confirmed, 'cancel', Cancelled, [Refund, ReleaseStock, NotifyCancelled]),
  // What lands after a cancellation: a charge is paid back, a reservation given back, the rest recorded.
  step(Cancelled, 'payment-completed', Cancelled, [Refund]),
  step(Cancelled, 'inventory-reserved', Cancelled, [ReleaseStock]),
  step(Cancelled, 'payment-failed', Cancelled),
  step(Cancelled, 'inventory-failed', Cancelled),
  step(Cancelled, 'payment-refunded', Cancelled),
  // Asking twice.
  step(Cancelled, 'cancel', Cancelled, [], { unchanged: true }),
  step(Shipped, 'ship', Shipped, [], { unchanged: true }),
];

/** Why an order is cancelled, by what cancelled it (a request says who asked). */
export const CANCEL_REASON_OF: Partial<Record<OrderTrigger, CancelReason>> = {
  'payment-failed': 'PAYMENT_DECLINED',
  'inventory-failed': 'OUT_OF_STOCK',
};

/** The event a step publishes for its commands: at most one per step, so one insert carries it. */
export const ORDER_EVENT_OF: Record<Command, 'order-paid' | 'order-confirmed' | 'order-shipped' | 'order-cancelled'> = {
  [ReserveStock]: 'order-paid',
  [NotifyConfirmed]: 'order-confirmed',
  [NotifyShipped]: 'order-shipped',
  [NotifyCancelled]: 'order-cancelled',
  [Refund]: 'order-cancelled',
  [ReleaseStock]: 'order-cancelled',
};

export type Decision =
  | { kind: 'step'; transition: Transition }
  | { kind: 'unchanged'; transition: Transition }
  | { kind: 'refused'; reason: string };

/** The table's answer for one pair. */
export function decide(from: OrderStatus, on: OrderTrigger): Decision {
  const transition = ORDER_PROCESS.find((t) => t.from === from && t.on === on);
  if (!transition) return { kind: 'refused', reason: refusal(from, on) };
  return { kind: transition.unchanged ? 'unchanged' : 'step', transition };
}

function refusal(from: OrderStatus, on: OrderTrigger): string {
  if (on === 'cancel') return `the order is ${from} and can no longer be cancelled`;
  if (on === 'ship') return `only a CONFIRMED order can be shipped; this one is ${from}`;
  return `${on} does not apply to an order that is ${from}`;
}

/** The table as Markdown, for docs/ARCHITECTURE.md (a unit test checks that the document shows exactly this). */
export function orderProcessTable(): string {
  const rows = ORDER_PROCESS.map((t) => {
    const then = t.unchanged ? 'nothing (answers the order as it is)' : t.then.join(', ') || 'nothing (recorded)';
    const event = t.then.length > 0 ? ORDER_EVENT_OF[t.then[0]] : '–';
    return `| ${t.from} | ${t.on} | ${t.to} | ${then} | ${event} | ${t.guard ?? ''} |`;
  });
  return [
    '| from | on | to | commands | event published | guard |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
