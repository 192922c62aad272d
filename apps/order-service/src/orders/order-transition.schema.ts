import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { OutboxMessage, withOutbox } from '@app/events';
import { OrderStatus } from './order-status';

/**
 * Which step of the lifecycle a transition fills. Each slot can be filled once
 * per order (unique index): the outcome is decided once, so a late or
 * duplicate event can never move an order backwards or flip its outcome.
 */
export enum TransitionSlot {
  Payment = 'payment',
  Outcome = 'outcome',
  Refund = 'refund',
}

@Schema({ collection: 'order_transitions', versionKey: false, autoIndex: false })
export class OrderTransition {
  /** `<orderId>:<slot>`: one per slot by primary key, and an order's steps are found by primary key. */
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ required: true })
  orderId: string;

  @Prop({ type: String, required: true, enum: TransitionSlot })
  slot: TransitionSlot;

  @Prop({ type: String, required: true, enum: OrderStatus })
  status: OrderStatus;

  @Prop()
  reason?: string;

  /** The event whose arrival made this transition. */
  @Prop({ required: true })
  causedBy: string;

  @Prop({ required: true })
  at: Date;

  outbox: OutboxMessage | null;
}

export const OrderTransitionSchema = withOutbox(SchemaFactory.createForClass(OrderTransition));
OrderTransitionSchema.index({ orderId: 1, slot: 1 }, { unique: true });

export const transitionId = (orderId: string, slot: TransitionSlot) => `${orderId}:${slot}`;
