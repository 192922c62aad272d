import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { withOutbox, OutboxMessage } from '@app/events';

export enum MovementReason {
  Open = 'OPEN',
  Reserve = 'RESERVE',
  Release = 'RELEASE',
  Adjust = 'ADJUST',
}

/**
 * One immutable entry of a product's stock ledger. A product's stock is the
 * `stockAfter` of its highest `sequence`. Stock moves only by inserting the
 * next sequence: the unique (productId, sequence) index lets exactly one of
 * several concurrent writers take it, so stock can never be spent twice. The
 * _id is `<productId>:<sequence>`, so following a product's ledger is a walk
 * of primary-key lookups (FerretDB scans the collection for any other query). This
 * needs nothing from the database but a unique index, so it holds on FerretDB,
 * which runs a conditional update as read-then-write, as well as on MongoDB.
 * `key` makes each movement happen once (open:<product>, reserve:<order>:<product>, …).
 */
@Schema({ collection: 'stock_movements', versionKey: false, autoIndex: false })
export class StockMovement {
  /** `<productId>:<sequence>`: taking the next sequence is an insert on the primary key. */
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ required: true })
  productId: string;

  @Prop({ required: true, min: 0 })
  sequence: number;

  @Prop({ required: true })
  delta: number;

  @Prop({ required: true, min: 0 })
  stockAfter: number;

  @Prop({ type: String, required: true, enum: MovementReason })
  reason: MovementReason;

  @Prop({ required: true })
  key: string;

  @Prop()
  orderId?: string;

  @Prop({ default: () => new Date() })
  at: Date;

  outbox: OutboxMessage | null;
}

export const StockMovementSchema = withOutbox(SchemaFactory.createForClass(StockMovement));
StockMovementSchema.index({ productId: 1, sequence: -1 }, { unique: true });
StockMovementSchema.index({ key: 1 }, { unique: true });
StockMovementSchema.index({ orderId: 1 });
