/**
 * Every Kafka topic of the platform. Seed names are kept (`order-created`,
 * `payment-completed`); the rest complete the order saga and feed catalog
 * copies in other services.
 */
export const TOPICS = {
  ORDER_CREATED: 'order-created',
  ORDER_PAID: 'order-paid',
  ORDER_CONFIRMED: 'order-confirmed',
  ORDER_SHIPPED: 'order-shipped',
  ORDER_CANCELLED: 'order-cancelled',
  PAYMENT_COMPLETED: 'payment-completed',
  PAYMENT_FAILED: 'payment-failed',
  PAYMENT_REFUNDED: 'payment-refunded',
  INVENTORY_RESERVED: 'inventory-reserved',
  INVENTORY_FAILED: 'inventory-failed',
  INVENTORY_STOCK_CHANGED: 'inventory-stock-changed',
  PRODUCT_CREATED: 'product-created',
  PRODUCT_UPDATED: 'product-updated',
  PRODUCT_DELETED: 'product-deleted',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

export const DLQ_SUFFIX = '.dlq';

export function deadLetterTopic(topic: Topic): `${Topic}.dlq` {
  return `${topic}${DLQ_SUFFIX}`;
}

/** Topics to create up front: each event topic and its dead-letter topic. */
export function allTopicNames(): string[] {
  const topics = Object.values(TOPICS);
  return [...topics, ...topics.map(deadLetterTopic)];
}
