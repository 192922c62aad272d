import { TOPICS } from '../topics';
import { ProductCreatedEvent } from './product-created.event';

/**
 * Topic → payload class. `EventPublisher.publish` and the consumers' parsing
 * are typed through this map, so a wrong payload for a topic does not compile.
 */
export const EVENT_CLASSES = {
  [TOPICS.PRODUCT_CREATED]: ProductCreatedEvent,
} as const;

export type EventTopic = keyof typeof EVENT_CLASSES;
export type EventMap = { [T in EventTopic]: InstanceType<(typeof EVENT_CLASSES)[T]> };
