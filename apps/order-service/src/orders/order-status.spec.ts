import { OrderStatus, deriveStatus } from './order-status';

const at = new Date();
const t = (slot: string, status: OrderStatus, reason?: string) => ({ slot, status, reason, at });

describe(deriveStatus.name, () => {
  it('is PENDING with no transitions', () => {
    expect(deriveStatus([])).toMatchObject({ status: OrderStatus.Pending, refunded: false });
  });

  it('walks PENDING → PAID → CONFIRMED', () => {
    expect(deriveStatus([t('payment', OrderStatus.Paid)]).status).toBe(OrderStatus.Paid);
    expect(deriveStatus([t('payment', OrderStatus.Paid), t('outcome', OrderStatus.Confirmed)]).status).toBe(
      OrderStatus.Confirmed,
    );
  });

  it('never goes back to PAID once the outcome is known, whatever order the events came in', () => {
    const late = deriveStatus([t('outcome', OrderStatus.Confirmed), t('payment', OrderStatus.Paid)]);
    expect(late.status).toBe(OrderStatus.Confirmed);
    expect(late.history.map((h) => h.status)).toEqual([OrderStatus.Paid, OrderStatus.Confirmed]);
  });

  it('reports a cancellation with its reason, and the refund', () => {
    const cancelled = deriveStatus([
      t('payment', OrderStatus.Paid),
      t('outcome', OrderStatus.Cancelled, 'OUT_OF_STOCK'),
      t('refund', OrderStatus.Refunded),
    ]);
    expect(cancelled).toMatchObject({ status: OrderStatus.Cancelled, cancelReason: 'OUT_OF_STOCK', refunded: true });
  });
});
