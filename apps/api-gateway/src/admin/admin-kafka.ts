import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Admin, Kafka, Producer } from 'kafkajs';
import { kafkaClientConfig, kafkaConnection } from '@app/events';
import type { GatewayEnv } from '../gateway.env';

/**
 * The gateway's Kafka client for its admin APIs: one admin connection and one
 * producer, opened on first use (the gateway does not need Kafka to serve the
 * API) and opened again after a failure.
 */
@Injectable()
export class AdminKafka implements OnApplicationShutdown {
  readonly kafka: Kafka;
  private admin?: Promise<Admin>;
  private producer?: Promise<Producer>;

  constructor(config: ConfigService<GatewayEnv, true>) {
    this.kafka = new Kafka({
      ...kafkaClientConfig('api-gateway-admin', kafkaConnection(config)),
      retry: { retries: 2 },
    });
  }

  /** Runs `work` on the admin connection; a failure closes it, so the next call connects afresh. */
  async withAdmin<T>(work: (admin: Admin) => Promise<T>): Promise<T> {
    this.admin ??= connect(this.kafka.admin());
    try {
      return await work(await this.admin);
    } catch (error) {
      await this.close('admin');
      throw error;
    }
  }

  async withProducer<T>(work: (producer: Producer) => Promise<T>): Promise<T> {
    this.producer ??= connect(
      this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false }),
    );
    try {
      return await work(await this.producer);
    } catch (error) {
      await this.close('producer');
      throw error;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.close('admin'), this.close('producer')]);
  }

  private async close(which: 'admin' | 'producer'): Promise<void> {
    const client = this[which];
    this[which] = undefined;
    await client?.then((c) => c.disconnect()).catch(() => undefined);
  }
}

async function connect<C extends { connect(): Promise<void> }>(client: C): Promise<C> {
  await client.connect();
  return client;
}
