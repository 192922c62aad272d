import { ConfigService } from '@nestjs/config';
import { KafkaOptions, Transport } from '@nestjs/microservices';
import { KafkaConfig, SASLOptions, logLevel } from 'kafkajs';
import type { KafkaEnv } from '@app/common';

export function parseBrokers(list: string): string[] {
  return list
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
}

/** Where the brokers are, and who this process is to them. */
export interface KafkaConnection {
  brokers: string[];
  sasl?: SASLOptions;
  ssl?: boolean;
}

type KafkaSettings = Pick<
  KafkaEnv,
  'KAFKA_BROKERS' | 'KAFKA_SASL_MECHANISM' | 'KAFKA_SASL_USERNAME' | 'KAFKA_SASL_PASSWORD' | 'KAFKA_TLS'
>;

/** Nest's ConfigService, as far as the Kafka settings go. */
interface SettingsReader {
  get(key: keyof KafkaSettings): unknown;
}

/** The connection KafkaEnv's settings describe, read from a loaded env or from Nest's ConfigService. */
export function kafkaConnection(env: KafkaSettings | SettingsReader): KafkaConnection {
  const get = <K extends keyof KafkaSettings>(key: K) =>
    (env instanceof ConfigService ? env.get(key) : (env as KafkaSettings)[key]) as KafkaSettings[K] | undefined;
  const mechanism = get('KAFKA_SASL_MECHANISM');
  return {
    brokers: parseBrokers(get('KAFKA_BROKERS') ?? ''),
    ...(mechanism
      ? {
          sasl: {
            mechanism,
            username: get('KAFKA_SASL_USERNAME') ?? '',
            password: get('KAFKA_SASL_PASSWORD') ?? '',
          } as SASLOptions,
        }
      : {}),
    ...(get('KAFKA_TLS') ? { ssl: true } : {}),
  };
}

/** Client settings shared by producers, consumers and admin clients. */
export function kafkaClientConfig(clientId: string, connection: KafkaConnection): KafkaConfig {
  return {
    clientId,
    ...connection,
    logLevel: logLevel.WARN,
    connectionTimeout: 3000,
    retry: { initialRetryTime: 300, retries: 8 },
  };
}

export interface KafkaTransportOptions {
  /** The service name: also its consumer group, so every service reads every event once. */
  service: string;
  connection: KafkaConnection;
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
      client: kafkaClientConfig(clientId, opts.connection),
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
      client: kafkaClientConfig(clientId, opts.connection),
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
