import { KafkaOptions, Transport } from '@nestjs/microservices';
import { KafkaConfig, logLevel } from 'kafkajs';

export function parseBrokers(list: string): string[] {
  return list
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
}

/** Client settings shared by producers, consumers and admin clients. */
export function kafkaClientConfig(clientId: string, brokers: string[]): KafkaConfig {
  return {
    clientId,
    brokers,
    logLevel: logLevel.WARN,
    connectionTimeout: 3000,
    retry: { initialRetryTime: 300, retries: 8 },
  };
}

export interface KafkaTransportOptions {
  /** The service name: also its consumer group, so every service reads every event once. */
  service: string;
  brokers: string[];
  instanceId?: string;
}

/**
 * Options for the Kafka side of a hybrid app. One consumer group per service
 * (no `-server` suffix), reading from the earliest offset the first time a
 * group starts, so events published before a service's first start are not missed.
 */
export function kafkaConsumerOptions(opts: KafkaTransportOptions): KafkaOptions {
  const clientId = opts.instanceId ? `${opts.service}-${opts.instanceId}` : opts.service;
  return {
    transport: Transport.KAFKA,
    options: {
      postfixId: '',
      client: kafkaClientConfig(clientId, opts.brokers),
      // A member that died without leaving (kill -9) holds its partitions until the
      // session times out: 10 s rather than kafkajs's 30 s keeps that pause short.
      consumer: {
        groupId: opts.service,
        allowAutoTopicCreation: false,
        sessionTimeout: 10_000,
        heartbeatInterval: 1_000,
      },
      subscribe: { fromBeginning: true },
      producer: idempotentProducer(),
    },
  };
}

/** Options for the producer-only client that publishes a service's events. */
export function kafkaProducerOptions(opts: KafkaTransportOptions): KafkaOptions {
  const clientId = `${opts.instanceId ? `${opts.service}-${opts.instanceId}` : opts.service}-producer`;
  return {
    transport: Transport.KAFKA,
    options: {
      postfixId: '',
      client: kafkaClientConfig(clientId, opts.brokers),
      producer: idempotentProducer(),
      producerOnlyMode: true,
    },
  };
}

function idempotentProducer() {
  // Idempotence makes the broker drop a retried duplicate; it needs acks from
  // all in-sync replicas and one in-flight request per connection in kafkajs.
  return { idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false };
}
