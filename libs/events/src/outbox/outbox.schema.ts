import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import { correlation } from '@app/common';
import { EventMap, EventTopic } from '../contracts/event-map';
import { outboxQueue } from './outbox-queue';

/**
 * The event a document's write implies, stored in that same document: the
 * state change and its event are one insert, so no crash can separate them.
 * The relay publishes it and sets `publishedAt`; nothing else writes it.
 */
@Schema({ _id: false, versionKey: false })
export class OutboxMessage {
  @Prop({ required: true })
  eventId: string;

  @Prop({ required: true })
  topic: string;

  @Prop({ required: true })
  key: string;

  @Prop({ type: MongooseSchema.Types.Mixed, required: true })
  payload: Record<string, unknown>;

  @Prop()
  correlationId?: string;

  @Prop({ required: true })
  createdAt: Date;

  @Prop({ type: Date, default: null })
  publishedAt: Date | null;
}

export const OutboxMessageSchema = SchemaFactory.createForClass(OutboxMessage);

/** The outbox field to put in a document that is inserted together with its event. */
export function outboxMessage<T extends EventTopic>(topic: T, event: EventMap[T], key: string): OutboxMessage {
  return {
    eventId: event.eventId,
    topic,
    key,
    payload: { ...event } as Record<string, unknown>,
    correlationId: correlation.id(),
    createdAt: new Date(),
    publishedAt: null,
  };
}

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
