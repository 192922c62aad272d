import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { OrderItem, OutboxMessage, StockShortage, withOutbox } from '@app/events';

export enum ReservationOutcome {
  Reserved = 'RESERVED',
  Failed = 'FAILED',
}

/**
 * Inventory's decision for one paid order, inserted once (unique orderId) with
 * the event that announces it: inventory-reserved or inventory-failed.
 */
@Schema({ collection: 'reservations', versionKey: false, autoIndex: false })
export class Reservation {
  /** The order id: one decision per order, found by primary key. */
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ required: true })
  orderId: string;

  @Prop({ type: String, required: true, enum: ReservationOutcome })
  outcome: ReservationOutcome;

  @Prop({ type: [Object], default: [] })
  shortages: StockShortage[];

  /** The lines taken for a RESERVED order: what a cancellation gives back. */
  @Prop({ type: [Object], default: [] })
  items: OrderItem[];

  @Prop({ default: () => new Date() })
  decidedAt: Date;

  outbox: OutboxMessage | null;
}

export const ReservationSchema = withOutbox(SchemaFactory.createForClass(Reservation));
