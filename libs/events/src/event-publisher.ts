import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ClientKafka } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { EventMap, EventTopic } from './contracts/event-map';

export const EVENTS_CLIENT = Symbol('EVENTS_CLIENT');
export const CORRELATION_ID_HEADER = 'x-correlation-id';

export interface PublishMeta {
  /** Partition key: the order id or product id, so one entity's events stay in order. */
  key: string;
  correlationId?: string;
}

@Injectable()
export class EventPublisher implements OnApplicationShutdown {
  constructor(@Inject(EVENTS_CLIENT) private readonly client: ClientKafka) {}

  /** Resolves once the broker has acknowledged the event. */
  async publish<T extends EventTopic>(topic: T, event: EventMap[T], meta: PublishMeta): Promise<void> {
    const headers: Record<string, string> = {};
    if (meta.correlationId) headers[CORRELATION_ID_HEADER] = meta.correlationId;
    await lastValueFrom(this.client.emit(topic, { key: meta.key, value: event, headers }), {
      defaultValue: undefined,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
