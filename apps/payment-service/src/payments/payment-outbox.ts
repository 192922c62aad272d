import { Types } from 'mongoose';
import {
  newEvent,
  OrderItem,
  OutboxMessage,
  outboxMessage,
  PaymentCompletedEvent,
  PaymentFailedEvent,
  PaymentRefundedEvent,
  TOPICS,
} from '@app/events';
import { Payment } from './payment.schema';
import { Refund } from './refund.schema';

export type NewPayment = Omit<Payment, 'outbox'> & { _id: Types.ObjectId };
export type NewRefund = Omit<Refund, 'outbox'> & { _id: Types.ObjectId };

/**
 * The events payment-service publishes, built from the document whose insert
 * implies them, so payload and stored state cannot disagree. Keyed by order
 * id: one order's events stay in order on one partition.
 */
export function chargeOutbox(payment: NewPayment, items: OrderItem[]): OutboxMessage {
  const common = {
    orderId: payment.orderId,
    paymentId: payment._id.toHexString(),
    amount: payment.amount,
    processedAt: payment.processedAt.toISOString(),
    userId: payment.userId,
    userEmail: payment.userEmail,
  };
  if (payment.status === 'SUCCESS') {
    // Plain copies of the validated lines: inventory deducts exactly what was charged.
    const lines = items.map(({ productId, quantity, unitPrice }) => ({ productId, quantity, unitPrice }));
    const event = newEvent<PaymentCompletedEvent>({ ...common, status: 'SUCCESS', items: lines });
    return outboxMessage(TOPICS.PAYMENT_COMPLETED, event, payment.orderId);
  }
  const event = newEvent<PaymentFailedEvent>({ ...common, reason: payment.reason ?? 'Declined by the processor' });
  return outboxMessage(TOPICS.PAYMENT_FAILED, event, payment.orderId);
}

export function refundOutbox(refund: NewRefund, payment: Pick<Payment, 'userId' | 'userEmail'>): OutboxMessage {
  const event = newEvent<PaymentRefundedEvent>({
    orderId: refund.orderId,
    paymentId: refund.paymentId,
    amount: refund.amount,
    reason: refund.reason,
    refundedAt: refund.refundedAt.toISOString(),
    userId: payment.userId,
    userEmail: payment.userEmail,
  });
  return outboxMessage(TOPICS.PAYMENT_REFUNDED, event, refund.orderId);
}
