import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { OutboxMessage, withOutbox } from '@app/events';

/**
 * The refund of one order's payment, inserted once (unique orderId) together
 * with its payment-refunded event. A payment reads as REFUNDED because this
 * document exists, not because a status was updated: an insert guarded by a
 * unique index is the only write FerretDB keeps safe under concurrency.
 */
@Schema({ collection: 'refunds', versionKey: false, autoIndex: false })
export class Refund {
  @Prop({ required: true, unique: true })
  orderId: string;

  @Prop({ required: true })
  paymentId: string;

  @Prop({ required: true, min: 0 })
  amount: number;

  @Prop({ required: true })
  reason: string;

  @Prop({ required: true })
  refundReference: string;

  @Prop({ required: true })
  refundedAt: Date;

  outbox: OutboxMessage | null;
}

export const RefundSchema = withOutbox(SchemaFactory.createForClass(Refund));
