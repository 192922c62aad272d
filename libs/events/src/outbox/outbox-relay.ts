import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Model } from 'mongoose';
import { EventMap, EventTopic } from '../contracts/event-map';
import { EventPublisher } from '../event-publisher';
import { outboxPending } from '../event-metrics';
import { OutboxMessage } from './outbox.schema';

const POLL_MS = Number(process.env.OUTBOX_POLL_MS ?? 500);
const BATCH = 200;

type OutboxSource = Model<{ outbox: OutboxMessage | null }>;

/**
 * Publishes every unpublished outbox message of the registered collections,
 * oldest first, then marks it published. A crash after publishing and before
 * marking means the event goes out again with the same eventId, which every
 * consumer skips: at-least-once delivery, exactly-once effect.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly sources: OutboxSource[] = [];
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(private readonly publisher: EventPublisher) {}

  register(model: Model<any>): void {
    this.sources.push(model as OutboxSource);
  }

  onApplicationBootstrap(): void {
    if (this.sources.length > 0) this.schedule(0);
  }

  /** Publish now rather than at the next poll (call after a write that carries an event). */
  kick(): void {
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.pass(), delayMs);
  }

  private async pass(): Promise<void> {
    if (this.running) return;
    this.running = this.drain()
      .catch((error: Error) => this.logger.warn(`outbox relay pass failed, will retry: ${error.message}`))
      .finally(() => {
        this.running = undefined;
        const again = this.again;
        this.again = false;
        this.schedule(again ? 0 : POLL_MS);
      });
  }

  private async drain(): Promise<void> {
    let pending = 0;
    for (const source of this.sources) {
      const docs = await source
        .find({ 'outbox.publishedAt': null, 'outbox.eventId': { $exists: true } }, { outbox: 1 })
        .sort({ 'outbox.createdAt': 1 })
        .limit(BATCH)
        .lean()
        .exec();
      pending += docs.length;
      outboxPending.set(pending);
      for (const doc of docs) {
        if (this.stopped) return;
        const message = doc.outbox!;
        await this.publisher.publish(message.topic as EventTopic, message.payload as unknown as EventMap[EventTopic], {
          key: message.key,
          correlationId: message.correlationId,
        });
        await source.updateOne({ _id: doc._id }, { $set: { 'outbox.publishedAt': new Date() } }).exec();
        this.logger.log({
          message: 'event published',
          correlationId: message.correlationId,
          topic: message.topic,
          eventId: message.eventId,
          orderId: message.payload.orderId,
        });
        pending--;
        outboxPending.set(pending);
      }
    }
  }
}
