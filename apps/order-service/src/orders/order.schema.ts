import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';
import { OutboxMessage, withOutbox } from '@app/events';

@Schema({ _id: false, versionKey: false })
export class OrderLine {
  @Prop({ required: true })
  productId: string;

  @Prop({ required: true })
  name: string;

  @Prop({ required: true, min: 1 })
  quantity: number;

  @Prop({ required: true, min: 0 })
  unitPrice: number;
}

/**
 * An order as placed, inserted once together with its order-created event and
 * never updated afterwards (but for the relay's publishedAt): its status lives
 * in the order's transitions. One write carries the order and its event, and
 * no two writers ever race on this document.
 */
@Schema({ collection: 'orders', versionKey: false, autoIndex: false })
export class Order {
  _id: Types.ObjectId;

  @Prop({ required: true, index: true })
  userId: string;

  @Prop({ required: true })
  userEmail: string;

  @Prop({ type: [SchemaFactory.createForClass(OrderLine)], required: true })
  items: OrderLine[];

  @Prop({ required: true, min: 0 })
  totalAmount: number;

  /** The client's Idempotency-Key, or a generated one: never empty, so the unique index holds without a partial index. */
  @Prop({ required: true })
  idempotencyKey: string;

  /** Fingerprint of the request, to tell a retry from a different order under a reused key. */
  @Prop({ required: true })
  requestHash: string;

  @Prop({ required: true })
  createdAt: Date;

  outbox: OutboxMessage | null;
}

export const OrderSchema = withOutbox(SchemaFactory.createForClass(Order));
OrderSchema.index({ userId: 1, idempotencyKey: 1 }, { unique: true });
OrderSchema.index({ createdAt: -1 });
