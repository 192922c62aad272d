import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { NOTIFIED_TOPICS } from './email-templates';
import type { NotifiedTopic } from './email-templates';

/**
 * SENDING: claimed, and the send is under way, or the process died during it
 * (the email may or may not have left). SENT: the transport took it.
 * UNCERTAIN: the transport failed after the message may have left. The last
 * two besides SENT are left for a person to check; none is retried by itself.
 */
export const NOTIFICATION_STATUSES = ['SENDING', 'SENT', 'UNCERTAIN'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/**
 * The log of emails, one per (order, type). The row is inserted, as a claim,
 * before the email is sent: the unique index lets one delivery of an event
 * through, so a redelivered or repeated event never sends a second email.
 */
@Schema({ collection: 'notifications', versionKey: false, autoIndex: false })
export class Notification {
  @Prop({ required: true })
  orderId: string;

  /** The topic of the event that caused it: payment-completed, order-confirmed, ... */
  @Prop({ type: String, enum: NOTIFIED_TOPICS, required: true })
  type: NotifiedTopic;

  @Prop({ required: true })
  eventId: string;

  @Prop({ required: true, index: true })
  userId: string;

  @Prop({ required: true })
  to: string;

  @Prop({ required: true })
  subject: string;

  @Prop({ type: String, enum: NOTIFICATION_STATUSES, required: true })
  status: NotificationStatus;

  @Prop({ required: true })
  createdAt: Date;

  @Prop()
  sentAt?: Date;

  @Prop()
  messageId?: string;

  /** What the transport said when the outcome is UNCERTAIN. */
  @Prop()
  error?: string;
}

export const NotificationSchema = SchemaFactory.createForClass(Notification);
NotificationSchema.index({ orderId: 1, type: 1 }, { unique: true });
NotificationSchema.index({ createdAt: -1 });
