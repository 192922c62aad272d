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
      send: { acks: ACKS_ALL },
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
      send: { acks: ACKS_ALL },
      producerOnlyMode: true,
    },
  };
}

/**
 * Every send waits for all in-sync replicas (at least min.insync.replicas of
 * them, topic creation sets 2 of 3 on a cluster): a write acknowledged is on
 * two brokers, so losing the leader loses nothing the outbox marked published.
 * kafkajs's default is the same (-1); it is written here so no send depends on it.
 */
export const ACKS_ALL = -1;

function idempotentProducer() {
  // Idempotence makes the broker drop a retried duplicate; it needs acks from
  // all in-sync replicas and one in-flight request per connection in kafkajs.
  // Retries stay bounded (kafkaClientConfig: 8, about a minute of backoff, longer
  // than a leader election) rather than kafkajs's endless default for idempotence:
  // a send that gives up fails the relay's batch, its outbox stays unpublished
  // and is sent again, and consumers drop the duplicate by eventId.
  return { idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false };
}
