import type { ServiceName } from '@app/common';
import { TOPICS, Topic, deadLetterTopic } from '../topics';

export interface TopicFlow {
  /** The one service that publishes the topic (through its outbox). */
  producer: ServiceName;
  /** Every service with a consumer group on it (the group id is the service's name). */
  consumers: ServiceName[];
  /** The payload field whose value is the message key: one entity's events stay in order on one partition. */
  key: 'orderId' | 'productId';
}

/**
 * Who publishes and who consumes each topic, and what its key is: the flow of
 * docs/EVENTS.md as data. The AsyncAPI document is drawn from it, and
 * test/repo/topic-flow.spec.ts checks it against every `outboxMessage(TOPICS.X`
 * and `@OnEvent(TOPICS.X` in the services.
 */
export const TOPIC_FLOW = {
  [TOPICS.ORDER_CREATED]: { producer: 'order-service', consumers: ['payment-service'], key: 'orderId' },
  [TOPICS.PAYMENT_COMPLETED]: {
    producer: 'payment-service',
    consumers: ['order-service', 'notification-service'],
    key: 'orderId',
  },
  [TOPICS.PAYMENT_FAILED]: {
    producer: 'payment-service',
    consumers: ['order-service', 'notification-service'],
    key: 'orderId',
  },
  [TOPICS.ORDER_PAID]: { producer: 'order-service', consumers: ['inventory-service'], key: 'orderId' },
  [TOPICS.INVENTORY_RESERVED]: { producer: 'inventory-service', consumers: ['order-service'], key: 'orderId' },
  [TOPICS.INVENTORY_FAILED]: { producer: 'inventory-service', consumers: ['order-service'], key: 'orderId' },
  [TOPICS.PAYMENT_REFUNDED]: {
    producer: 'payment-service',
    consumers: ['order-service', 'notification-service'],
    key: 'orderId',
  },
  [TOPICS.ORDER_CONFIRMED]: { producer: 'order-service', consumers: ['notification-service'], key: 'orderId' },
  [TOPICS.ORDER_SHIPPED]: { producer: 'order-service', consumers: ['notification-service'], key: 'orderId' },
  [TOPICS.ORDER_CANCELLED]: {
    producer: 'order-service',
    consumers: ['payment-service', 'inventory-service', 'notification-service'],
    key: 'orderId',
  },
  [TOPICS.INVENTORY_STOCK_CHANGED]: { producer: 'inventory-service', consumers: ['product-service'], key: 'productId' },
  [TOPICS.PRODUCT_CREATED]: {
    producer: 'product-service',
    consumers: ['inventory-service', 'order-service'],
    key: 'productId',
  },
  [TOPICS.PRODUCT_UPDATED]: { producer: 'product-service', consumers: ['order-service'], key: 'productId' },
  [TOPICS.PRODUCT_DELETED]: { producer: 'product-service', consumers: ['order-service'], key: 'productId' },
} as const satisfies Record<Topic, TopicFlow>;

/** Topics a service publishes (through its outbox). */
export function topicsProducedBy(service: ServiceName): Topic[] {
  return (Object.keys(TOPIC_FLOW) as Topic[]).filter((topic) => TOPIC_FLOW[topic].producer === service);
}

/** Topics a service has a consumer group on. */
export function topicsConsumedBy(service: ServiceName): Topic[] {
  return (Object.keys(TOPIC_FLOW) as Topic[]).filter((topic) =>
    (TOPIC_FLOW[topic].consumers as readonly ServiceName[]).includes(service),
  );
}

/**
 * Every topic a service touches: what it publishes, what it consumes, and the
 * dead-letter topics of what it consumes (its consumer writes them).
 */
export function topicsUsedBy(service: ServiceName): string[] {
  const consumed = topicsConsumedBy(service);
  return [...new Set([...topicsProducedBy(service), ...consumed, ...consumed.map(deadLetterTopic)])];
}
