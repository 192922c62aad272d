import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument } from 'mongoose';

/** Inventory's own record of one product's stock; the only place stock is decided. */
@Schema({ collection: 'stock', timestamps: true, versionKey: false })
export class Stock {
  @Prop({ required: true, unique: true })
  productId: string;

  @Prop({ required: true, min: 0 })
  stock: number;
}

export type StockDocument = HydratedDocument<Stock>;
export const StockSchema = SchemaFactory.createForClass(Stock);
