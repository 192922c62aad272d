import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { OutboxMessage, withOutbox } from '@app/events';
import { Command, ORDER_TRIGGERS, OrderStatus } from './order-process';
import type { OrderTrigger } from './order-process';

/**
 * One step of an order's life, appended once and never changed: the journal
 * of steps is the order's state. Step n has `_id` `<orderId>:<n>`, so two
 * writers deciding from the same state race for one primary key and exactly
 * one wins (the loser reads again and decides anew); reading an order's
 * steps is a run of primary-key lookups, on FerretDB as on MongoDB.
 */
@Schema({ collection: 'order_steps', versionKey: false, autoIndex: false })
export class OrderStep {
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ required: true })
  orderId: string;

  @Prop({ required: true, min: 1 })
  seq: number;

  @Prop({ type: String, required: true, enum: ORDER_TRIGGERS })
  on: OrderTrigger;

  @Prop({ type: String, required: true, enum: OrderStatus })
  from: OrderStatus;

  @Prop({ type: String, required: true, enum: OrderStatus })
  to: OrderStatus;

  @Prop({ type: [String], enum: Command, default: [] })
  then: Command[];

  /** Why the order was cancelled, on the step that cancelled it. */
  @Prop()
  reason?: string;

  /** The event whose arrival made this step, or `request:<userId>` for a request through the API. */
  @Prop({ required: true })
  causedBy: string;

  @Prop({ required: true })
  at: Date;

  outbox: OutboxMessage | null;
}

export const OrderStepSchema = withOutbox(SchemaFactory.createForClass(OrderStep));

export const stepId = (orderId: string, seq: number) => `${orderId}:${seq}`;
