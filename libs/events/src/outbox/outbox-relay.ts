import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Model } from 'mongoose';
import { EventMap, EventTopic } from '../contracts/event-map';
import { EventPublisher } from '../event-publisher';
import { outboxPending } from '../event-metrics';
import { outboxQueue } from './outbox-queue';
import { OutboxMessage } from './outbox.schema';

/** How often to look for messages this process did not write (another instance crashed before publishing). */
const SWEEP_MS = Number(process.env.OUTBOX_SWEEP_MS ?? 120_000);
const RETRY_MS = 1000;
const BATCH = 200;

type OutboxDoc = { _id: unknown; outbox: OutboxMessage | null };
type OutboxSource = Model<OutboxDoc>;

/**
 * Publishes outbox messages, then marks them published. Messages written by
 * this process arrive through the outbox queue and go out at once, oldest
 * first; a sweep at start-up and then every OUTBOX_SWEEP_MS finds the ones
 * nobody published (a crash between the write and the publish). A crash after
 * publishing and before marking sends the event again with the same eventId,
 * which every consumer skips: at-least-once delivery, exactly-once effect.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly sources = new Map<string, OutboxSource>();
  private readonly onPushed = () => this.wake();
  private sweepTimer?: NodeJS.Timeout;
  private retryTimer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private sweepDue = true;
  private stopped = false;

  constructor(private readonly publisher: EventPublisher) {}

  register(model: Model<any>): void {
    this.sources.set(model.modelName, model as OutboxSource);
  }

  onApplicationBootstrap(): void {
    if (this.sources.size === 0) return;
    outboxQueue.on('pushed', this.onPushed);
    this.sweepTimer = setInterval(() => {
      this.sweepDue = true;
      this.wake();
    }, SWEEP_MS);
    this.wake();
  }

  /** Kept for callers that want to be explicit; writes through withOutbox() wake the relay by themselves. */
  kick(): void {
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    outboxQueue.off('pushed', this.onPushed);
    clearInterval(this.sweepTimer);
    clearTimeout(this.retryTimer);
    await this.running;
  }

  private wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass()
      .catch((error: Error) => {
        this.logger.warn(`outbox relay pass failed, retrying in ${RETRY_MS} ms: ${error.message}`);
        this.sweepDue = true;
        this.retryTimer = setTimeout(() => this.wake(), RETRY_MS);
      })
      .finally(() => {
        this.running = undefined;
        if (this.again || outboxQueue.size > 0) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async pass(): Promise<void> {
    while (outboxQueue.size > 0 && !this.stopped) {
      const batch = outboxQueue.take(BATCH);
      outboxPending.set(outboxQueue.size + batch.length);
      for (const [i, item] of batch.entries()) {
        const source = this.sources.get(item.modelName);
        if (!source) continue;
        const doc = await source.findById(item.id, { outbox: 1 }).lean().exec();
        try {
          if (doc?.outbox && !doc.outbox.publishedAt) await this.publish(source, doc);
        } catch (error) {
          // Not lost: the sweep finds it. Keep the rest of the batch for the retry, in order.
          for (const rest of batch.slice(i + 1)) outboxQueue.push(rest);
          throw error;
        }
      }
    }
    if (this.sweepDue && !this.stopped) {
      this.sweepDue = false;
      await this.sweep();
    }
    outboxPending.set(outboxQueue.size);
  }

  private async sweep(): Promise<void> {
    for (const source of this.sources.values()) {
      const docs = await source
        .find({ 'outbox.publishedAt': null, 'outbox.eventId': { $exists: true } }, { outbox: 1 })
        .sort({ 'outbox.createdAt': 1 })
        .limit(BATCH)
        .lean()
        .exec();
      outboxPending.set(outboxQueue.size + docs.length);
      for (const doc of docs) if (!this.stopped) await this.publish(source, doc);
    }
  }

  private async publish(source: OutboxSource, doc: OutboxDoc): Promise<void> {
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
  }
}
