import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SchemaTypes, Types } from 'mongoose';
import { OutboxMessage, withOutbox } from '@app/events';
import { ProductSnapshot, ProductSnapshotSchema } from './product-snapshot.schema';

/**
 * The catalog's source of truth: one immutable document per change of a
 * product, carrying the event it implies in `outbox`. The unique index on
 * (productId, revision) is what serialises writers on FerretDB, where
 * concurrent updates of one document are not safe: of two admins editing the
 * same revision, one insert wins and the other is refused (409).
 */
@Schema({ collection: 'product_revisions', versionKey: false, autoIndex: false })
export class ProductRevision {
  @Prop({ type: SchemaTypes.ObjectId, required: true })
  productId: Types.ObjectId;

  @Prop({ required: true, min: 1 })
  revision: number;

  /** The product left the catalog with this revision; `snapshot` is its last state. */
  @Prop({ default: false })
  deleted: boolean;

  @Prop({ type: ProductSnapshotSchema, required: true })
  snapshot: ProductSnapshot;

  @Prop({ default: () => new Date() })
  recordedAt: Date;

  /** Written once by the OutboxRelay (publishedAt): the only change this document ever sees. */
  outbox: OutboxMessage | null;
}

export const ProductRevisionSchema = withOutbox(SchemaFactory.createForClass(ProductRevision));
ProductRevisionSchema.index({ productId: 1, revision: 1 }, { unique: true });
ProductRevisionSchema.index({ recordedAt: 1 });
