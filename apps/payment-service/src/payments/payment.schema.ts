import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';
import { OutboxMessage, withOutbox } from '@app/events';

export const CHARGE_STATUSES = ['SUCCESS', 'FAILED'] as const;
export type ChargeStatus = (typeof CHARGE_STATUSES)[number];

/**
 * The outcome of charging one order, written once and never updated: the
 * unique orderId makes the insert the one decision "this order is charged",
 * which holds on FerretDB (no transactions, lossy concurrent updates) as on
 * MongoDB. The event it implies (payment-completed or payment-failed) travels
 * in the same insert, in `outbox`. A refund is a document of its own (Refund).
 */
@Schema({ collection: 'payments', versionKey: false, autoIndex: false })
export class Payment {
  @Prop({ required: true, unique: true })
  orderId: string;

  @Prop({ required: true, index: true })
  userId: string;

  /** Kept for the refund's event, which must reach the customer too. */
  @Prop({ required: true })
  userEmail: string;

  @Prop({ required: true, min: 0 })
  amount: number;

  @Prop({ type: String, enum: CHARGE_STATUSES, required: true })
  status: ChargeStatus;

  /** Why the processor declined; only for FAILED. */
  @Prop()
  reason?: string;

  /** The processor's reference of an approved charge, needed to refund it. */
  @Prop()
  chargeReference?: string;

  @Prop({ required: true })
  processedAt: Date;

  outbox: OutboxMessage | null;
}

export const PaymentSchema = withOutbox(SchemaFactory.createForClass(Payment));
PaymentSchema.index({ processedAt: -1 });

/**
 * A payment's (and its refund's) _id is the order's id: one per order, and the
 * check before each charge is a primary-key lookup rather than a scan.
 */
export function paymentIdOf(orderId: string): Types.ObjectId {
  return new Types.ObjectId(orderId);
}
