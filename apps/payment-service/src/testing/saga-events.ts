import { Types } from 'mongoose';
import { InventoryFailedEvent, newEvent, OrderCreatedEvent } from '@app/events';

const id = () => new Types.ObjectId().toHexString();

/** An order-created event as order-service would publish it: two lines, total computed from them. */
export function orderCreatedEvent(overrides: Partial<OrderCreatedEvent> = {}): OrderCreatedEvent {
  const items = overrides.items ?? [
    { productId: id(), quantity: 2, unitPrice: 19.99 },
    { productId: id(), quantity: 1, unitPrice: 5 },
  ];
  const totalAmount = items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0);
  return {
    ...newEvent<OrderCreatedEvent>({
      orderId: id(),
      userId: id(),
      userEmail: 'ada@example.com',
      items,
      totalAmount: Math.round(totalAmount * 100) / 100,
      createdAt: new Date().toISOString(),
    }),
    ...overrides,
  };
}

export function inventoryFailedEvent(
  fields: Pick<InventoryFailedEvent, 'orderId' | 'userId' | 'paymentId'> & Partial<InventoryFailedEvent>,
): InventoryFailedEvent {
  return newEvent<InventoryFailedEvent>({
    reason: 'OUT_OF_STOCK',
    shortages: [{ productId: id(), requested: 2, available: 0 }],
    ...fields,
  });
}
