import { TOPICS, Topic } from '../topics';
import { InventoryFailedEvent } from './inventory-failed.event';
import { InventoryReservedEvent } from './inventory-reserved.event';
import { InventoryStockChangedEvent } from './inventory-stock-changed.event';
import { OrderCancelledEvent } from './order-cancelled.event';
import { OrderConfirmedEvent } from './order-confirmed.event';
import { OrderCreatedEvent } from './order-created.event';
import { OrderPaidEvent } from './order-paid.event';
import { OrderShippedEvent } from './order-shipped.event';
import { PaymentCompletedEvent } from './payment-completed.event';
import { PaymentFailedEvent } from './payment-failed.event';
import { PaymentRefundedEvent } from './payment-refunded.event';
import { ProductCreatedEvent } from './product-created.event';
import { ProductDeletedEvent } from './product-deleted.event';
import { ProductUpdatedEvent } from './product-updated.event';

/**
 * Topic → payload class. Publishing and consuming are typed through this map,
 * so a wrong payload for a topic does not compile, and every consumer
 * validates against the same class.
 */
export const EVENT_CLASSES = {
  [TOPICS.ORDER_CREATED]: OrderCreatedEvent,
  [TOPICS.ORDER_PAID]: OrderPaidEvent,
  [TOPICS.ORDER_CONFIRMED]: OrderConfirmedEvent,
  [TOPICS.ORDER_SHIPPED]: OrderShippedEvent,
  [TOPICS.ORDER_CANCELLED]: OrderCancelledEvent,
  [TOPICS.PAYMENT_COMPLETED]: PaymentCompletedEvent,
  [TOPICS.PAYMENT_FAILED]: PaymentFailedEvent,
  [TOPICS.PAYMENT_REFUNDED]: PaymentRefundedEvent,
  [TOPICS.INVENTORY_RESERVED]: InventoryReservedEvent,
  [TOPICS.INVENTORY_FAILED]: InventoryFailedEvent,
  [TOPICS.INVENTORY_STOCK_CHANGED]: InventoryStockChangedEvent,
  [TOPICS.PRODUCT_CREATED]: ProductCreatedEvent,
  [TOPICS.PRODUCT_UPDATED]: ProductUpdatedEvent,
  [TOPICS.PRODUCT_DELETED]: ProductDeletedEvent,
} as const satisfies Record<Topic, unknown>;

export type EventTopic = keyof typeof EVENT_CLASSES;
export type EventMap = { [T in EventTopic]: InstanceType<(typeof EVENT_CLASSES)[T]> };
