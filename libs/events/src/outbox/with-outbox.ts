import { Schema as MongooseSchema } from 'mongoose';
import { outboxQueue } from './outbox-queue';
import { OutboxMessage, OutboxMessageSchema } from './outbox.schema';

/** Whether withOutbox() gave this schema its outbox. */
export function hasOutbox(schema: MongooseSchema): boolean {
  return schema.path('outbox.eventId') !== undefined;
}

/**
 * Adds the `outbox` field to a schema, the index the relay's recovery sweep
 * scans by, and a save hook that hands each new outbox message to the relay
 * the moment its document is written.
 */
export function withOutbox(schema: MongooseSchema): MongooseSchema {
  schema.add({ outbox: { type: OutboxMessageSchema, default: null } });
  schema.index({ 'outbox.publishedAt': 1, 'outbox.createdAt': 1 });
  schema.post(
    'save',
    function (this: {
      _id: unknown;
      outbox?: (OutboxMessage & { toObject?: () => OutboxMessage }) | null;
      constructor: { modelName: string };
    }) {
      const outbox = this.outbox;
      if (outbox && !outbox.publishedAt)
        outboxQueue.push({
          modelName: this.constructor.modelName,
          id: this._id,
          message: outbox.toObject?.() ?? outbox,
        });
    },
  );
  return schema;
}
