import { randomBytes } from 'node:crypto';
import {
  InventoryFailedEvent,
  newEvent,
  OrderCancelledEvent,
  OrderConfirmedEvent,
  OrderCreatedEvent,
  OrderItem,
} from '@app/events';

/** A fresh 24-hex-digit id, as MongoDB would make. */
export const objectId = () => randomBytes(12).toString('hex');

/** The customer and order a chain of saga events is about. */
export interface OrderRef {
  orderId: string;
  userId: string;
  userEmail: string;
}

/** A new order of a customer; the email matches what accessToken() signs for that user id. */
export function orderRef(userId = objectId()): OrderRef {
  return { orderId: objectId(), userId, userEmail: `${userId}@test.commercex.local` };
}

/** order-created as order-service publishes it; the total is computed from the lines. */
export function orderCreatedEvent(ref: OrderRef, items: OrderItem[] = [orderLine(), orderLine()]): OrderCreatedEvent {
  const totalAmount = Math.round(items.reduce((sum, i) => sum + i.quantity * i.unitPrice, 0) * 100) / 100;
  return newEvent<OrderCreatedEvent>({ ...ref, items, totalAmount, createdAt: new Date().toISOString() });
}

/** One priced line; by default for a product that does not exist. */
export function orderLine(overrides: Partial<OrderItem> = {}): OrderItem {
  return { productId: objectId(), quantity: 1, unitPrice: 12.5, ...overrides };
}

export function inventoryFailedEvent(ref: OrderRef, paymentId: string): InventoryFailedEvent {
  return newEvent<InventoryFailedEvent>({
    orderId: ref.orderId,
    userId: ref.userId,
    paymentId,
    reason: 'OUT_OF_STOCK',
    shortages: [{ productId: objectId(), requested: 2, available: 0 }],
  });
}

export function orderConfirmedEvent(ref: OrderRef, totalAmount = 25): OrderConfirmedEvent {
  return newEvent<OrderConfirmedEvent>({ ...ref, totalAmount });
}

export function orderCancelledEvent(ref: OrderRef, overrides: Partial<OrderCancelledEvent> = {}): OrderCancelledEvent {
  return newEvent<OrderCancelledEvent>({
    ...ref,
    reason: 'PAYMENT_DECLINED',
    refundDue: false,
    totalAmount: 25,
    ...overrides,
  });
}
