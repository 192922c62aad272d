import { Types } from 'mongoose';
import {
  InventoryFailedEvent,
  newEvent,
  OrderCancelledEvent,
  OrderConfirmedEvent,
  OrderCreatedEvent,
  OrderItem,
  OrderPaidEvent,
  OrderShippedEvent,
  PaymentCompletedEvent,
  PaymentFailedEvent,
  PaymentRefundedEvent,
} from '@app/events';

/** A fresh 24-hex-digit id, as MongoDB would make. */
export const objectId = () => new Types.ObjectId().toHexString();

/** The customer and order a chain of saga events is about; events built from one ref share them. */
export interface OrderRef {
  orderId: string;
  userId: string;
  userEmail: string;
}

/** The email accessToken() (test/support/tokens.ts) signs for a user id, so a customer's token and events agree. */
export const emailOf = (userId: string) => `${userId}@test.commercex.local`;

/** A new order of a customer (a new one unless `userId` is given). */
export function orderRef(overrides: Partial<OrderRef> = {}): OrderRef {
  const userId = overrides.userId ?? objectId();
  return { orderId: objectId(), userEmail: emailOf(userId), ...overrides, userId };
}

/** One priced line; by default for a product that does not exist. */
export function orderLine(overrides: Partial<OrderItem> = {}): OrderItem {
  return { productId: objectId(), quantity: 1, unitPrice: 12.5, ...overrides };
}

/** The lines of a default order: 2 × 19.99 + 1 × 5, a total of 44.98, which every default amount below repeats. */
const defaultLines = () => [orderLine({ quantity: 2, unitPrice: 19.99 }), orderLine({ quantity: 1, unitPrice: 5 })];
const DEFAULT_TOTAL = 44.98;

const totalOf = (items: OrderItem[]) =>
  Math.round(items.reduce((sum, i) => sum + i.quantity * i.unitPrice, 0) * 100) / 100;

/** order-created as order-service publishes it; the total is computed from the lines unless given. */
export function orderCreatedEvent(ref = orderRef(), overrides: Partial<OrderCreatedEvent> = {}): OrderCreatedEvent {
  const items = overrides.items ?? defaultLines();
  return newEvent<OrderCreatedEvent>({
    ...refOf(ref),
    items,
    totalAmount: totalOf(items),
    createdAt: new Date().toISOString(),
    ...overrides,
  });
}

/** inventory-failed for the order's payment: the order's lines could not be reserved. */
export function inventoryFailedEvent(
  ref: Pick<OrderRef, 'orderId' | 'userId'>,
  paymentId: string,
  overrides: Partial<InventoryFailedEvent> = {},
): InventoryFailedEvent {
  return newEvent<InventoryFailedEvent>({
    orderId: ref.orderId,
    userId: ref.userId,
    paymentId,
    reason: 'OUT_OF_STOCK',
    shortages: [{ productId: objectId(), requested: 2, available: 0 }],
    ...overrides,
  });
}

export function paymentCompletedEvent(ref = orderRef(), overrides: Partial<PaymentCompletedEvent> = {}) {
  return newEvent<PaymentCompletedEvent>({
    ...refOf(ref),
    paymentId: objectId(),
    status: 'SUCCESS',
    amount: DEFAULT_TOTAL,
    processedAt: new Date().toISOString(),
    items: defaultLines(),
    ...overrides,
  });
}

export function paymentFailedEvent(ref = orderRef(), overrides: Partial<PaymentFailedEvent> = {}) {
  return newEvent<PaymentFailedEvent>({
    ...refOf(ref),
    paymentId: objectId(),
    amount: 12_000,
    reason: 'Declined: the total 12000 is over the limit of 10000',
    processedAt: new Date().toISOString(),
    ...overrides,
  });
}

export function paymentRefundedEvent(ref = orderRef(), overrides: Partial<PaymentRefundedEvent> = {}) {
  return newEvent<PaymentRefundedEvent>({
    ...refOf(ref),
    paymentId: objectId(),
    amount: DEFAULT_TOTAL,
    reason: 'OUT_OF_STOCK',
    refundedAt: new Date().toISOString(),
    ...overrides,
  });
}

export function orderConfirmedEvent(ref = orderRef(), overrides: Partial<OrderConfirmedEvent> = {}) {
  return newEvent<OrderConfirmedEvent>({ ...refOf(ref), totalAmount: DEFAULT_TOTAL, ...overrides });
}

/** order-shipped, as order-service publishes it when an admin ships. */
export function orderShippedEvent(ref = orderRef(), overrides: Partial<OrderShippedEvent> = {}) {
  return newEvent<OrderShippedEvent>({ ...refOf(ref), shippedAt: new Date().toISOString(), ...overrides });
}

/** order-paid, order-service's go-ahead for inventory to reserve the lines. */
export function orderPaidEvent(ref = orderRef(), overrides: Partial<OrderPaidEvent> = {}) {
  const { orderId, userId } = refOf(ref);
  return newEvent<OrderPaidEvent>({
    orderId,
    userId,
    paymentId: orderId,
    items: [orderLine()],
    totalAmount: DEFAULT_TOTAL,
    ...overrides,
  });
}

/** order-cancelled; by default for want of stock, after a charge that is refunded (nothing was reserved). */
export function orderCancelledEvent(ref = orderRef(), overrides: Partial<OrderCancelledEvent> = {}) {
  return newEvent<OrderCancelledEvent>({
    ...refOf(ref),
    reason: 'OUT_OF_STOCK',
    refundDue: true,
    releaseStock: false,
    totalAmount: DEFAULT_TOTAL,
    ...overrides,
  });
}

/** Just the ref's three fields, so an event passed as a ref lends nothing else. */
function refOf({ orderId, userId, userEmail }: OrderRef): OrderRef {
  return { orderId, userId, userEmail };
}
