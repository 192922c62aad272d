import { TOPICS } from '@app/events';
import {
  orderCancelledEvent,
  orderConfirmedEvent,
  orderShippedEvent,
  orderRef,
  paymentCompletedEvent,
  paymentFailedEvent,
  paymentRefundedEvent,
} from '@app/testing';
import { NOTIFIED_TOPICS, renderEmail } from './email-templates';

describe(renderEmail.name, () => {
  const ref = orderRef();

  it('has a distinct subject naming the order for every notified event type', () => {
    const subjects = [
      renderEmail(TOPICS.PAYMENT_COMPLETED, paymentCompletedEvent(ref)),
      renderEmail(TOPICS.PAYMENT_FAILED, paymentFailedEvent(ref)),
      renderEmail(TOPICS.PAYMENT_REFUNDED, paymentRefundedEvent(ref)),
      renderEmail(TOPICS.ORDER_CONFIRMED, orderConfirmedEvent(ref)),
      renderEmail(TOPICS.ORDER_SHIPPED, orderShippedEvent(ref)),
      renderEmail(TOPICS.ORDER_CANCELLED, orderCancelledEvent(ref)),
    ].map((email) => email.subject);

    expect(subjects).toHaveLength(NOTIFIED_TOPICS.length);
    expect(new Set(subjects).size).toBe(subjects.length);
    for (const subject of subjects) expect(subject).toContain(ref.orderId);
  });

  it('tells a paying customer the amount, the payment reference and the number of items', () => {
    const event = paymentCompletedEvent(ref, { amount: 44.98 });

    const email = renderEmail(TOPICS.PAYMENT_COMPLETED, event);

    expect(email.subject).toBe(`Payment received for order ${ref.orderId}`);
    expect(email.text).toContain('payment of 44.98');
    expect(email.text).toContain('(3 items)');
    expect(email.text).toContain(event.paymentId);
  });

  it('gives the decline reason and says nothing was charged', () => {
    const email = renderEmail(TOPICS.PAYMENT_FAILED, paymentFailedEvent(ref, { reason: 'Card expired' }));

    expect(email.text).toContain('was declined: Card expired');
    expect(email.text).toContain('You have not been charged.');
  });

  it('explains a cancellation by its reason, and promises a refund only when one is due', () => {
    const outOfStock = renderEmail(TOPICS.ORDER_CANCELLED, orderCancelledEvent(ref, { totalAmount: 10 }));
    const declined = renderEmail(
      TOPICS.ORDER_CANCELLED,
      orderCancelledEvent(ref, { reason: 'PAYMENT_DECLINED', refundDue: false }),
    );

    expect(outOfStock.text).toContain('out of stock');
    expect(outOfStock.text).toContain('The 10.00 you paid is being refunded in full.');
    expect(declined.text).toContain('the payment was declined');
    expect(declined.text).toContain('You have not been charged.');
    expect(declined.text).not.toContain('refunded');
  });

  it('states the refunded amount and why, and the confirmed total', () => {
    expect(renderEmail(TOPICS.PAYMENT_REFUNDED, paymentRefundedEvent(ref, { amount: 7.5 })).text).toContain(
      'refunded 7.50 for order',
    );
    expect(renderEmail(TOPICS.ORDER_CONFIRMED, orderConfirmedEvent(ref, { totalAmount: 99 })).text).toContain(
      'Total: 99.00.',
    );
  });
});
