import { OrderStatus, OrderTrigger } from './order-process';
import { StepLike, deriveStatus, statusOf } from './order-status';

const at = new Date();
let seq = 0;
const step = (on: OrderTrigger, to: OrderStatus, reason?: string): StepLike => ({
  seq: ++seq,
  on,
  to,
  reason,
  causedBy: 'e',
  at,
});

describe(deriveStatus.name, () => {
  it('is PENDING with no steps', () => {
    expect(statusOf([])).toBe(OrderStatus.Pending);
    expect(deriveStatus([])).toEqual({ status: OrderStatus.Pending, refunded: false, history: [] });
  });

  it('is where the last step took the order', () => {
    const steps = [step('payment-completed', OrderStatus.Paid), step('inventory-reserved', OrderStatus.Confirmed)];
    expect(deriveStatus(steps)).toMatchObject({ status: OrderStatus.Confirmed, refunded: false });
    expect(deriveStatus(steps).history.map((h) => h.status)).toEqual([OrderStatus.Paid, OrderStatus.Confirmed]);
  });

  it('reports a cancellation with its reason, and the refund, listing each change of status once', () => {
    const cancelled = deriveStatus([
      step('cancel', OrderStatus.Cancelled, 'CUSTOMER_REQUEST'),
      step('payment-completed', OrderStatus.Cancelled),
      step('payment-refunded', OrderStatus.Cancelled),
    ]);
    expect(cancelled).toMatchObject({
      status: OrderStatus.Cancelled,
      cancelReason: 'CUSTOMER_REQUEST',
      refunded: true,
    });
    expect(cancelled.history).toEqual([{ status: OrderStatus.Cancelled, reason: 'CUSTOMER_REQUEST', at }]);
  });
});
