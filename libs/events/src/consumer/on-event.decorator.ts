import { Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { EventMap, EventTopic } from '../contracts/event-map';
import { EventConsumer } from './event-consumer';

/** Where the decorator puts the EventConsumer it needs on the handler's instance (property injection). */
const CONSUMER = Symbol('EventConsumer');

type EventHandler<T extends EventTopic> = (event: EventMap[T]) => Promise<unknown>;

/**
 * The one way a service handles an event: `@OnEvent(TOPICS.X) async handle(event: XEvent)`.
 * It names the topic once, registers Nest's `@EventPattern` for it on the
 * Kafka transport, and runs the method through EventConsumer: the raw value
 * is parsed into its contract class (a bad one is dead-lettered), a repeat
 * is skipped, failures are retried or dead-lettered by the error model, and
 * the method receives only the typed event.
 */
export function OnEvent<T extends EventTopic>(topic: T) {
  return <H extends EventHandler<T>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<H>,
  ): void => {
    const handle = descriptor.value;
    if (!handle) throw new TypeError(`@OnEvent(${topic}) must decorate a method`);
    Inject(EventConsumer)(target, CONSUMER);
    descriptor.value = Object.defineProperty(
      function (this: Record<symbol, EventConsumer>, value: unknown, context: unknown) {
        return this[CONSUMER].consume(topic, value, context, (event) => handle.call(this, event));
      },
      'name',
      { value: handle.name },
    ) as unknown as H;
    // The method now takes the raw value: no pipe may read the event's class from its declared parameter.
    Reflect.defineMetadata('design:paramtypes', [Object, Object], target, key);
    EventPattern(topic)(target, key, descriptor as unknown as PropertyDescriptor);
    Payload()(target, key, 0);
    Ctx()(target, key, 1);
  };
}
