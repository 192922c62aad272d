import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * One row per event a consumer finished, keyed by consumer and eventId, so a
 * redelivered event is a cheap no-op; handlers are still written to be idempotent on their
 * own, because the handler's write and this row are not one transaction.
 */
@Schema({ collection: 'processed_events', versionKey: false })
export class ProcessedEvent {
  /** `<consumer>:<eventId>`: the check before each event is a primary-key lookup. */
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ required: true })
  consumer: string;

  @Prop({ required: true })
  eventId: string;

  @Prop({ required: true })
  topic: string;

  @Prop({ default: () => new Date() })
  processedAt: Date;
}

export const ProcessedEventSchema = SchemaFactory.createForClass(ProcessedEvent);
