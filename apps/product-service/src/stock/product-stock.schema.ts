import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SchemaTypes, Types } from 'mongoose';

/**
 * Inventory's stock figures as reported by inventory-stock-changed, one
 * insert per report. The newest sequence is the product's stock; older rows
 * are pruned. Insert-only, because FerretDB loses concurrent updates of one
 * document, and keeping them apart from the product document means an admin's
 * edit and a stock report never write the same document.
 */
@Schema({ collection: 'product_stock', versionKey: false, autoIndex: false })
export class ProductStock {
  @Prop({ type: SchemaTypes.ObjectId, required: true })
  productId: Types.ObjectId;

  @Prop({ required: true, min: 0 })
  sequence: number;

  @Prop({ required: true, min: 0 })
  stock: number;

  @Prop({ default: () => new Date() })
  receivedAt: Date;
}

export const ProductStockSchema = SchemaFactory.createForClass(ProductStock);
ProductStockSchema.index({ productId: 1, sequence: 1 }, { unique: true });
