import { Types } from 'mongoose';
import {
  newEvent,
  OrderCancelledEvent,
  OrderConfirmedEvent,
  PaymentCompletedEvent,
  PaymentFailedEvent,
  PaymentRefundedEvent,
} from '@app/events';

const id = () => new Types.ObjectId().toHexString();

/** The customer and order an event is about; events built from one share them. */
export interface OrderRef {
  orderId: string;
  userId: string;
  userEmail: string;
}

export function orderRef(overrides: Partial<OrderRef> = {}): OrderRef {
  return { orderId: id(), userId: id(), userEmail: 'ada@example.com', ...overrides };
}

export function paymentCompletedEvent(ref: OrderRef, overrides: Partial<PaymentCompletedEvent> = {}) {
  return newEvent<PaymentCompletedEvent>({
    ...ref,
    paymentId: id(),
    status: 'SUCCESS',
    amount: 44.98,
    processedAt: new Date().toISOString(),
    items: [
      { productId: id(), quantity: 2, unitPrice: 19.99 },
      { productId: id(), quantity: 1, unitPrice: 5 },
    ],
    ...overrides,
  });
}

export function paymentFailedEvent(ref: OrderRef, overrides: Partial<PaymentFailedEvent> = {}) {
  return newEvent<PaymentFailedEvent>({
    ...ref,
    paymentId: id(),
    amount: 12_000,
    reason: 'Declined: the total 12000 is over the limit of 10000',
    processedAt: new Date().toISOString(),
    ...overrides,
  });
}

export function paymentRefundedEvent(ref: OrderRef, overrides: Partial<PaymentRefundedEvent> = {}) {
  return newEvent<PaymentRefundedEvent>({
    ...ref,
    paymentId: id(),
    amount: 44.98,
    reason: 'OUT_OF_STOCK',
    refundedAt: new Date().toISOString(),
    ...overrides,
  });
}

export function orderConfirmedEvent(ref: OrderRef, overrides: Partial<OrderConfirmedEvent> = {}) {
  return newEvent<OrderConfirmedEvent>({ ...ref, totalAmount: 44.98, ...overrides });
}

export function orderCancelledEvent(ref: OrderRef, overrides: Partial<OrderCancelledEvent> = {}) {
  return newEvent<OrderCancelledEvent>({
    ...ref,
    reason: 'OUT_OF_STOCK',
    refundDue: true,
    totalAmount: 44.98,
    ...overrides,
  });
}
