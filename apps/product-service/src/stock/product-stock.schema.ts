import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SchemaTypes, Types } from 'mongoose';

/**
 * Inventory's latest stock figure for one product, as reported by
 * inventory-stock-changed: one document per product, its _id the product's,
 * so reading and writing it are lookups by _id (FerretDB scans a collection
 * for any other filter). Kept apart from the product document, so an admin's
 * edit and a stock report never write the same document.
 */
@Schema({ collection: 'catalog_stock', versionKey: false, autoIndex: false })
export class ProductStock {
  /** The product's id. */
  @Prop({ type: SchemaTypes.ObjectId, required: true })
  _id: Types.ObjectId;

  /** Inventory's ledger sequence of this figure: a report with a lower one is older and ignored. */
  @Prop({ required: true, min: 0 })
  sequence: number;

  @Prop({ required: true, min: 0 })
  stock: number;

  @Prop({ default: () => new Date() })
  receivedAt: Date;
}

export const ProductStockSchema = SchemaFactory.createForClass(ProductStock);
