import { DynamicModule, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ClientProxyFactory } from '@nestjs/microservices';
import { CONSUMER_NAME, EventConsumer, RETRY_POLICY, RetryPolicy } from './consumer/event-consumer';
import { EVENTS_CLIENT, EventPublisher } from './event-publisher';
import { EventsRetention } from './events-retention';
import { kafkaConnection, kafkaProducerOptions } from './kafka/kafka.config';
import { OutboxRelay } from './outbox/outbox-relay';

export interface EventsModuleOptions {
  /** The service consumes events: it gets an EventConsumer. */
  consumer?: boolean;
}

/**
 * A service's Kafka side, imported once by its AppModule and global from
 * there: the typed EventPublisher on an idempotent producer, the OutboxRelay,
 * for consumers the EventConsumer, and the retention of what they store.
 */
@Module({})
export class EventsModule {
  static forService(service: string, options: EventsModuleOptions = {}): DynamicModule {
    const producer = {
      provide: EVENTS_CLIENT,
      inject: [ConfigService],
      useFactory: (config: ConfigService) =>
        ClientProxyFactory.create(
          kafkaProducerOptions({
            service,
            connection: kafkaConnection(config),
            instanceId: config.get<string>('INSTANCE_ID'),
          }),
        ),
    };
    const consumer = options.consumer
      ? {
          providers: [
            { provide: CONSUMER_NAME, useValue: service },
            {
              provide: RETRY_POLICY,
              inject: [ConfigService],
              useFactory: (config: ConfigService): RetryPolicy => ({
                attempts: config.getOrThrow<number>('EVENT_RETRY_ATTEMPTS'),
                baseDelayMs: config.getOrThrow<number>('EVENT_RETRY_BASE_MS'),
              }),
            },
            EventConsumer,
          ],
        }
      : { providers: [] };
    return {
      module: EventsModule,
      global: true,
      providers: [producer, EventPublisher, OutboxRelay, EventsRetention, ...consumer.providers],
      exports: [EventPublisher, OutboxRelay, ...(options.consumer ? [EventConsumer] : [])],
    };
  }
}
