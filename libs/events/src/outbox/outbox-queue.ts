import { EventEmitter } from 'node:events';

export interface QueuedOutbox {
  modelName: string;
  id: unknown;
}

/**
 * The documents this process has just written with an outbox message, in
 * write order. Filled by a save hook that withOutbox() installs, drained by the
 * OutboxRelay, which then reads each one by _id: a primary-key lookup, cheap
 * on every database (FerretDB scans a collection for anything else).
 */
class OutboxQueue extends EventEmitter {
  private readonly items: QueuedOutbox[] = [];

  push(item: QueuedOutbox): void {
    this.items.push(item);
    this.emit('pushed');
  }

  take(max: number): QueuedOutbox[] {
    return this.items.splice(0, max);
  }

  get size(): number {
    return this.items.length;
  }
}

export const outboxQueue = new OutboxQueue();
