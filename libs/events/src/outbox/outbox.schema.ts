import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import { correlation } from '@app/common';
import { EventMap, EventTopic } from '../contracts/event-map';
import { currentTraceparent } from '../kafka/trace-context';

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

  /** The W3C traceparent of the work that wrote the event: its producer span is a child of that. */
  @Prop()
  traceparent?: string;

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
    traceparent: currentTraceparent(),
    createdAt: new Date(),
    publishedAt: null,
  };
}
