import { DynamicModule, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ClientProxyFactory } from '@nestjs/microservices';
import { EVENTS_CLIENT, EventPublisher } from './event-publisher';
import { kafkaProducerOptions, parseBrokers } from './kafka/kafka.config';

@Module({})
export class EventsModule {
  /** Gives a service its typed `EventPublisher`, on an idempotent Kafka producer. */
  static forService(service: string): DynamicModule {
    return {
      module: EventsModule,
      providers: [
        {
          provide: EVENTS_CLIENT,
          inject: [ConfigService],
          useFactory: (config: ConfigService) =>
            ClientProxyFactory.create(
              kafkaProducerOptions({
                service,
                brokers: parseBrokers(config.getOrThrow<string>('KAFKA_BROKERS')),
                instanceId: config.get<string>('INSTANCE_ID'),
              }),
            ),
        },
        EventPublisher,
      ],
      exports: [EventPublisher],
    };
  }
}
