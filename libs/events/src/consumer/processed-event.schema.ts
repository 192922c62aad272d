import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * One row per event a consumer finished. The unique index makes a redelivered
 * event a cheap no-op; handlers are still written to be idempotent on their
 * own, because the handler's write and this row are not one transaction.
 */
@Schema({ collection: 'processed_events', versionKey: false })
export class ProcessedEvent {
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
ProcessedEventSchema.index({ consumer: 1, eventId: 1 }, { unique: true });
