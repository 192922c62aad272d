import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, Model } from 'mongoose';
import type { BaseEnv } from '@app/common';
import { EventPublisher } from '../event-publisher';
import { outboxPending } from '../event-metrics';
import { QueuedOutbox, outboxQueue } from './outbox-queue';
import { OutboxMessage } from './outbox.schema';
import { hasOutbox } from './with-outbox';

/**
 * Updates in one bulk write, at most. FerretDB 1.24 on SQLite runs an update
 * command's statements one after the other and keeps each statement's query
 * open until the whole command ends, one pooled SQLite connection each: a
 * command of 100 statements holds its database's whole pool (100) and then
 * waits forever for one more; FerretDB's collection registry lock then
 * queues every other request, and the whole database server stops answering
 * (docs/INFRA.md, "Known limits"). 20, one write at a time, leaves the rest
 * of the pool to everyone else.
 */
export const MAX_UPDATES_PER_WRITE = 20;

const RETRY_MS = 1000;
const MAX_RETRY_MS = 30_000;
const BATCH = 200;

type OutboxDoc = { _id: unknown; outbox: OutboxMessage | null };
type OutboxSource = Model<OutboxDoc>;

/**
 * Publishes outbox messages, then marks them published. Messages written by
 * this process arrive through the outbox queue and go out at once, oldest
 * first, as many as have queued up in one produce request and one bulk
 * "published" write; a sweep at start-up and then every OUTBOX_SWEEP_MS finds the ones
 * nobody published (a crash between the write and the publish). A crash after
 * publishing and before marking sends the event again with the same eventId,
 * which every consumer skips: at-least-once delivery, exactly-once effect.
 *
 * It serves every model of the service's connection whose schema went through
 * withOutbox(): nothing to register, so no model's events can be forgotten.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly sources = new Map<string, OutboxSource>();
  private readonly onPushed = () => this.wake();
  /** How often to look for messages this process did not write (another instance crashed before publishing). */
  private readonly sweepMs: number;
  private sweepTimer?: NodeJS.Timeout;
  private retryTimer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private failures = 0;
  private sweepDue = true;
  private stopped = false;

  constructor(
    private readonly publisher: EventPublisher,
    config: ConfigService<BaseEnv, true>,
    // A service without a database has no outbox.
    @Optional() @InjectConnection() private readonly connection?: Pick<Connection, 'models'>,
  ) {
    this.sweepMs = config.get('OUTBOX_SWEEP_MS', { infer: true });
  }

  onApplicationBootstrap(): void {
    for (const model of Object.values(this.connection?.models ?? {}))
      if (hasOutbox(model.schema)) this.sources.set(model.modelName, model as Model<any> as OutboxSource);
    if (this.sources.size === 0) return;
    outboxQueue.on('pushed', this.onPushed);
    this.sweepTimer = setInterval(() => {
      this.sweepDue = true;
      this.wake();
    }, this.sweepMs);
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
    // Backing off after a failed pass: the retry timer wakes the relay, not every new message.
    if (this.retryTimer) return;
    this.running = this.pass()
      .then(() => {
        this.failures = 0;
      })
      .catch((error: Error) => {
        this.failures++;
        const delay = Math.min(RETRY_MS * 2 ** (this.failures - 1), MAX_RETRY_MS);
        this.logger.warn(`outbox relay pass failed, retrying in ${delay} ms: ${error.message}`);
        this.sweepDue = true;
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          this.wake();
        }, delay);
      })
      .finally(() => {
        this.running = undefined;
        if (!this.retryTimer && (this.again || outboxQueue.size > 0)) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async pass(): Promise<void> {
    while (outboxQueue.size > 0 && !this.stopped) {
      const batch = outboxQueue.take(BATCH);
      outboxPending.set(outboxQueue.size + batch.length);
      try {
        await this.publishInOrder(batch.filter((item) => this.sources.has(item.modelName)));
      } catch (error) {
        // Not lost, and not reordered: the batch goes back to the front of the queue for the retry.
        outboxQueue.putBack(batch);
        throw error;
      }
    }
    if (this.sweepDue && !this.stopped) {
      this.sweepDue = false;
      await this.sweep();
    }
    outboxPending.set(outboxQueue.size);
  }

  private async sweep(): Promise<void> {
    for (const [modelName, source] of this.sources) {
      const docs = await source
        .find({ 'outbox.publishedAt': null, 'outbox.eventId': { $exists: true } }, { outbox: 1 })
        .sort({ 'outbox.createdAt': 1 })
        .limit(BATCH)
        .lean()
        .exec();
      outboxPending.set(outboxQueue.size + docs.length);
      if (!this.stopped)
        await this.publishInOrder(docs.map((doc) => ({ modelName, id: doc._id, message: doc.outbox! })));
    }
  }

  /**
   * Publishes the messages in order. A failure the broker may get over (it is
   * away, a leader moves) is thrown, for the caller to retry the lot after a
   * pause. A message it refuses for good (too large, say) would block every
   * message behind it, so the batch is halved until that message is alone,
   * and it is logged and left unpublished: each recovery sweep tries it again.
   */
  private async publishInOrder(items: QueuedOutbox[]): Promise<void> {
    try {
      await this.publish(items);
    } catch (error) {
      if (!refusedForGood(error)) throw error;
      if (items.length > 1) {
        const half = Math.ceil(items.length / 2);
        await this.publishInOrder(items.slice(0, half));
        await this.publishInOrder(items.slice(half));
        return;
      }
      const { message } = items[0];
      this.logger.error({
        message: `outbox message refused by Kafka, left unpublished for the recovery sweep: ${(error as Error).message}`,
        correlationId: message.correlationId,
        topic: message.topic,
        eventId: message.eventId,
        orderId: message.payload.orderId,
      });
    }
  }

  /** Publishes the messages in one produce request, then marks them published. */
  private async publish(items: QueuedOutbox[]): Promise<void> {
    if (items.length === 0) return;
    await this.publisher.publishAll(
      items.map(({ message }) => ({
        topic: message.topic,
        event: message.payload,
        key: message.key,
        correlationId: message.correlationId,
        traceparent: message.traceparent,
      })),
    );
    for (const { message } of items) {
      this.logger.log({
        message: 'event published',
        correlationId: message.correlationId,
        topic: message.topic,
        eventId: message.eventId,
        orderId: message.payload.orderId,
      });
    }
    await this.markPublished(items).catch((error: Error) => {
      // Published but not marked: the sweep will send these again, and consumers skip the repeats.
      this.logger.warn(`outbox: ${items.length} published message(s) not marked published: ${error.message}`);
      this.sweepDue = true;
    });
  }

  /**
   * Bulk writes per collection, each update a lookup by _id, at most
   * MAX_UPDATES_PER_WRITE to a write, one write at a time.
   */
  private async markPublished(items: QueuedOutbox[]): Promise<void> {
    const publishedAt = new Date();
    const idsByModel = new Map<string, unknown[]>();
    for (const { modelName, id } of items) {
      const ids = idsByModel.get(modelName) ?? idsByModel.set(modelName, []).get(modelName)!;
      ids.push(id);
    }
    for (const [modelName, ids] of idsByModel) {
      for (let i = 0; i < ids.length; i += MAX_UPDATES_PER_WRITE) {
        await this.sources.get(modelName)!.bulkWrite(
          ids.slice(i, i + MAX_UPDATES_PER_WRITE).map((_id) => ({
            updateOne: { filter: { _id }, update: { $set: { 'outbox.publishedAt': publishedAt } } },
          })),
          { ordered: false },
        );
      }
    }
  }
}

/** Kafka error types that say "this message, never": retrying the same message cannot succeed. */
const REFUSED_FOR_GOOD = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'CORRUPT_MESSAGE',
  'INVALID_RECORD',
  'INVALID_TOPIC_EXCEPTION',
]);

/** Whether an error, or what it wraps (kafkajs wraps the cause once its retries run out), condemns the message. */
export function refusedForGood(error: unknown): boolean {
  for (let cause = error as { type?: unknown; originalError?: unknown; cause?: unknown } | undefined; cause;) {
    if (cause instanceof TypeError || cause instanceof RangeError) return true; // the payload does not serialise
    if (typeof cause.type === 'string' && REFUSED_FOR_GOOD.has(cause.type)) return true;
    cause = (cause.originalError ?? cause.cause) as typeof cause;
  }
  return false;
}
