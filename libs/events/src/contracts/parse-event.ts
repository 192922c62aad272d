import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EVENT_CLASSES, EventMap, EventTopic } from './event-map';

/** Raised for a message that can never be processed: it belongs in the dead-letter topic. */
export class InvalidEventError extends Error {
  constructor(
    readonly topic: string,
    readonly problems: string[],
  ) {
    super(`invalid ${topic} event: ${problems.join('; ')}`);
    this.name = 'InvalidEventError';
  }
}

/** Validates a decoded message against its topic's contract. */
export function parseEvent<T extends EventTopic>(topic: T, value: unknown): EventMap[T] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidEventError(topic, ['payload is not a JSON object']);
  }
  const cls = EVENT_CLASSES[topic] as ClassConstructor<EventMap[T]>;
  const event = plainToInstance(cls, value);
  const errors = validateSync(event, { forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new InvalidEventError(
      topic,
      errors.flatMap((e) => Object.values(e.constraints ?? { [e.property]: `${e.property} is invalid` })),
    );
  }
  return event;
}
