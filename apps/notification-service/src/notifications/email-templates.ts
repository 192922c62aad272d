import { CancelReason, EventMap, TOPICS } from '@app/events';

/** The events that email the customer, one email each. */
export const NOTIFIED_TOPICS = [
  TOPICS.PAYMENT_COMPLETED,
  TOPICS.PAYMENT_FAILED,
  TOPICS.PAYMENT_REFUNDED,
  TOPICS.ORDER_CONFIRMED,
  TOPICS.ORDER_SHIPPED,
  TOPICS.ORDER_CANCELLED,
] as const;
export type NotifiedTopic = (typeof NOTIFIED_TOPICS)[number];

export interface RenderedEmail {
  subject: string;
  text: string;
}

const money = (amount: number) => amount.toFixed(2);

const CANCELLED_BECAUSE: Record<CancelReason, string> = {
  PAYMENT_DECLINED: 'because the payment was declined',
  OUT_OF_STOCK: 'because some of its items are out of stock',
  CUSTOMER_REQUEST: 'as you asked',
  ADMIN_REQUEST: 'by our staff',
};

const letter = (...paragraphs: string[]) =>
  ['Hello,', ...paragraphs, 'Thank you for shopping with CommerceX.'].join('\n\n') + '\n';

/** One template per event type; the mapped type makes a missing one a compile error. */
const TEMPLATES: { [T in NotifiedTopic]: (event: EventMap[T]) => RenderedEmail } = {
  [TOPICS.PAYMENT_COMPLETED]: (e) => ({
    subject: `Payment received for order ${e.orderId}`,
    text: letter(
      `We received your payment of ${money(e.amount)} for order ${e.orderId} (${units(e.items)}).`,
      `Payment reference: ${e.paymentId}. We are now reserving your items and will write again once the order is confirmed.`,
    ),
  }),
  [TOPICS.PAYMENT_FAILED]: (e) => ({
    subject: `Payment declined for order ${e.orderId}`,
    text: letter(
      `Your payment of ${money(e.amount)} for order ${e.orderId} was declined: ${e.reason}`,
      'You have not been charged.',
    ),
  }),
  [TOPICS.PAYMENT_REFUNDED]: (e) => ({
    subject: `Refund issued for order ${e.orderId}`,
    text: letter(
      `We have refunded ${money(e.amount)} for order ${e.orderId} (reason: ${e.reason}).`,
      `Payment reference: ${e.paymentId}. Depending on your bank, the money shows on your account within a few days.`,
    ),
  }),
  [TOPICS.ORDER_CONFIRMED]: (e) => ({
    subject: `Your order ${e.orderId} is confirmed`,
    text: letter(`Your order ${e.orderId} is paid and confirmed. Total: ${money(e.totalAmount)}.`),
  }),
  [TOPICS.ORDER_SHIPPED]: (e) => ({
    subject: `Your order ${e.orderId} has shipped`,
    text: letter(`Your order ${e.orderId} left our warehouse on ${e.shippedAt.slice(0, 10)}.`),
  }),
  [TOPICS.ORDER_CANCELLED]: (e) => ({
    subject: `Your order ${e.orderId} was cancelled`,
    text: letter(
      `Your order ${e.orderId} was cancelled ${CANCELLED_BECAUSE[e.reason]}.`,
      e.refundDue
        ? `The ${money(e.totalAmount)} you paid is being refunded in full.`
        : e.reason === 'PAYMENT_DECLINED'
          ? 'You have not been charged.'
          : 'You have not been charged; a payment still on its way would be refunded in full.',
    ),
  }),
};

export function renderEmail<T extends NotifiedTopic>(type: T, event: EventMap[T]): RenderedEmail {
  return (TEMPLATES[type] as (event: EventMap[T]) => RenderedEmail)(event);
}

function units(items: Array<{ quantity: number }>): string {
  const count = items.reduce((sum, item) => sum + item.quantity, 0);
  return count === 1 ? '1 item' : `${count} items`;
}
