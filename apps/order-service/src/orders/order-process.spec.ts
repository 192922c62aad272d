import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Command,
  ORDER_EVENT_OF,
  ORDER_PROCESS,
  ORDER_TRIGGERS,
  OrderStatus,
  OrderTrigger,
  decide,
  orderProcessTable,
} from './order-process';

const { Pending, Paid, Confirmed, Shipped, Cancelled } = OrderStatus;
const { ReserveStock, NotifyConfirmed, NotifyShipped, NotifyCancelled, Refund, ReleaseStock } = Command;

type Expected = [to: OrderStatus, then: Command[]] | 'unchanged' | 'refused';

/** Every state × trigger pair, written out by hand: the table must say exactly this. */
const EXPECTED: Record<OrderStatus, Record<OrderTrigger, Expected>> = {
  [Pending]: {
    'payment-completed': [Paid, [ReserveStock]],
    'payment-failed': [Cancelled, [NotifyCancelled]],
    'inventory-reserved': 'refused',
    'inventory-failed': 'refused',
    'payment-refunded': 'refused',
    cancel: [Cancelled, [NotifyCancelled]],
    ship: 'refused',
  },
  [Paid]: {
    'payment-completed': 'refused',
    'payment-failed': 'refused',
    'inventory-reserved': [Confirmed, [NotifyConfirmed]],
    'inventory-failed': [Cancelled, [Refund, NotifyCancelled]],
    'payment-refunded': 'refused',
    cancel: [Cancelled, [Refund, NotifyCancelled]],
    ship: 'refused',
  },
  [Confirmed]: {
    'payment-completed': 'refused',
    'payment-failed': 'refused',
    'inventory-reserved': 'refused',
    'inventory-failed': 'refused',
    'payment-refunded': 'refused',
    cancel: [Cancelled, [Refund, ReleaseStock, NotifyCancelled]],
    ship: [Shipped, [NotifyShipped]],
  },
  [Shipped]: {
    'payment-completed': 'refused',
    'payment-failed': 'refused',
    'inventory-reserved': 'refused',
    'inventory-failed': 'refused',
    'payment-refunded': 'refused',
    cancel: 'refused',
    ship: 'unchanged',
  },
  [Cancelled]: {
    'payment-completed': [Cancelled, [Refund]],
    'payment-failed': [Cancelled, []],
    'inventory-reserved': [Cancelled, [ReleaseStock]],
    'inventory-failed': [Cancelled, []],
    'payment-refunded': [Cancelled, []],
    cancel: 'unchanged',
    ship: 'refused',
  },
};

const pairs = Object.values(OrderStatus).flatMap((from) => ORDER_TRIGGERS.map((on) => [from, on] as const));

describe('the order process', () => {
  it.each(pairs)('%s × %s', (from, on) => {
    const expected = EXPECTED[from][on];
    const decision = decide(from, on);
    if (expected === 'refused') {
      expect(decision.kind).toBe('refused');
    } else if (expected === 'unchanged') {
      expect(decision).toMatchObject({ kind: 'unchanged', transition: { from, on, to: from } });
    } else {
      const [to, then] = expected;
      expect(decision).toMatchObject({ kind: 'step', transition: { from, on, to } });
      if (decision.kind === 'step') expect([...decision.transition.then]).toEqual(then);
    }
  });

  it('has one row per pair at most', () => {
    const keys = ORDER_PROCESS.map((t) => `${t.from}×${t.on}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('says why it refuses, in words a client can act on', () => {
    expect(decide(Shipped, 'cancel')).toEqual({
      kind: 'refused',
      reason: 'the order is SHIPPED and can no longer be cancelled',
    });
    expect(decide(Paid, 'ship')).toMatchObject({ reason: expect.stringContaining('only a CONFIRMED order') });
  });

  it('decides a refund in one place: only order-service steps issue it, and every charge that cannot stand gets one', () => {
    const refunds = ORDER_PROCESS.filter((t) => t.then.includes(Refund)).map((t) => `${t.from}×${t.on}`);
    expect(refunds.sort()).toEqual([
      'CANCELLED×payment-completed',
      'CONFIRMED×cancel',
      'PAID×cancel',
      'PAID×inventory-failed',
    ]);
  });

  it('carries the commands of a step in at most one event', () => {
    for (const t of ORDER_PROCESS) expect(new Set(t.then.map((c) => ORDER_EVENT_OF[c])).size).toBeLessThanOrEqual(1);
  });

  it('never leaves SHIPPED or CANCELLED for another state', () => {
    for (const t of ORDER_PROCESS.filter((t) => t.from === Shipped || t.from === Cancelled)) expect(t.to).toBe(t.from);
  });

  it('is the table docs/ARCHITECTURE.md shows', () => {
    const doc = readFileSync(join(__dirname, '../../../../docs/ARCHITECTURE.md'), 'utf8');
    expect(doc).toContain(orderProcessTable());
  });
});
