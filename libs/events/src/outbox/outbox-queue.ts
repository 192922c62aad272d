import { EventEmitter } from 'node:events';
import type { OutboxMessage } from './outbox.schema';

export interface QueuedOutbox {
  modelName: string;
  id: unknown;
  /** The message as written: the relay publishes it without reading the document back. */
  message: OutboxMessage;
}

/**
 * The documents this process has just written with an outbox message, in
 * write order. Filled by a save hook that withOutbox() installs, drained by the
 * OutboxRelay. Order matters (one entity's events must reach Kafka in the order
 * they were written), so whatever the relay could not publish goes back to the
 * front, not behind newer messages.
 */
class OutboxQueue extends EventEmitter {
  private items: QueuedOutbox[] = [];

  push(item: QueuedOutbox): void {
    this.items.push(item);
    this.emit('pushed');
  }

  take(max: number): QueuedOutbox[] {
    return this.items.splice(0, max);
  }

  /** Returns taken items to the head of the queue, ahead of anything pushed since. */
  putBack(items: QueuedOutbox[]): void {
    this.items = [...items, ...this.items];
  }

  get size(): number {
    return this.items.length;
  }
}

export const outboxQueue = new OutboxQueue();
