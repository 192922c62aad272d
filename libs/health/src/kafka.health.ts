import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Admin, Kafka } from 'kafkajs';
import { kafkaClientConfig, kafkaConnection } from '@app/events';

/**
 * Kafka reachability through one long-lived admin connection. (Terminus's
 * microservice indicator would open a new client on every probe.)
 */
@Injectable()
export class KafkaHealthIndicator implements OnApplicationShutdown {
  private admin?: Admin;

  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly config: ConfigService,
  ) {}

  check(key = 'kafka', timeoutMs = 2500) {
    return this.indicators
      .check(key)
      .attempt(async () => {
        try {
          const cluster = await this.connectedAdmin().then((a) => a.describeCluster());
          return { brokers: cluster.brokers.length };
        } catch (error) {
          await this.reset();
          throw error;
        }
      })
      .withTimeout(timeoutMs);
  }

  private async connectedAdmin(): Promise<Admin> {
    if (!this.admin) {
      const config = kafkaClientConfig('health-probe', kafkaConnection(this.config));
      this.admin = new Kafka({ ...config, retry: { retries: 0 } }).admin();
      await this.admin.connect();
    }
    return this.admin;
  }

  private async reset(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.disconnect().catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.reset();
  }
}
