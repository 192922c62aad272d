import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Admin, Kafka } from 'kafkajs';
import { Gauge } from 'prom-client';
import { SAGA_GROUPS, consumerLag, kafkaClientConfig, kafkaConnection } from '@app/events';
import type { OrderEnv } from '../order.env';

/** The groups that take an order from PENDING to settled: a backlog in any of them delays every new order. */

const backlogGauge = new Gauge({
  name: 'order_saga_backlog',
  help: "Messages the order saga's consumer groups (payment, inventory, order) have not yet processed",
});

/**
 * Watches how far the order saga's consumers are behind, once a second, so
 * that order-service can refuse new orders while the saga cannot keep up
 * (OrdersController) instead of letting the backlog, and every order's
 * latency, grow without bound. While Kafka cannot be asked, the last figure
 * stands, and nothing is refused on a figure older than ten polls.
 */
@Injectable()
export class SagaBacklog implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SagaBacklog.name);
  private readonly admin: Admin;
  private readonly pollMs: number;
  private timer?: NodeJS.Timeout;
  private connected = false;
  private messages = 0;
  private measuredAt = 0;
  /** Orders accepted since the running (or last) measurement began. */
  private acceptedSince = 0;

  constructor(config: ConfigService<OrderEnv, true>) {
    this.admin = new Kafka({
      ...kafkaClientConfig('order-saga-backlog', kafkaConnection(config)),
      retry: { initialRetryTime: 100, retries: 2 },
    }).admin();
    this.pollMs = config.get('ORDER_BACKLOG_POLL_MS', { infer: true });
  }

  /**
   * Unprocessed saga messages, or 0 when the last measurement is too old to
   * act on. Orders this instance accepted since the measurement began count
   * one message each (their order-created), so that a burst between two
   * measurements cannot overshoot the bound by a second's worth of orders.
   */
  current(): number {
    return Date.now() - this.measuredAt <= this.pollMs * 10 ? this.messages + this.acceptedSince : 0;
  }

  /** One more order accepted, and so one more order-created to process. */
  accepted(): void {
    this.acceptedSince++;
  }

  onApplicationBootstrap(): void {
    const poll = async () => {
      await this.measure();
      this.timer = setTimeout(() => void poll(), this.pollMs);
      this.timer.unref();
    };
    void poll();
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    if (this.connected) await this.admin.disconnect().catch(() => undefined);
  }

  private async measure(): Promise<void> {
    try {
      if (!this.connected) {
        await this.admin.connect();
        this.connected = true;
      }
      const acceptedBefore = this.acceptedSince;
      const lag = await consumerLag(this.admin, SAGA_GROUPS);
      this.messages = lag.reduce((sum, p) => sum + p.lag, 0);
      // Orders accepted while Kafka was being asked may be in the figure already; counting them again only errs towards refusing.
      this.acceptedSince -= acceptedBefore;
      this.measuredAt = Date.now();
      backlogGauge.set(this.messages);
    } catch (error) {
      if (this.measuredAt === 0 || Date.now() - this.measuredAt < this.pollMs * 2)
        this.logger.warn(`saga backlog not measured, so it cannot refuse orders on it: ${(error as Error).message}`);
      if (this.connected) await this.admin.disconnect().catch(() => undefined);
      this.connected = false;
    }
  }
}
