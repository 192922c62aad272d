import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { ProductSnapshot } from './product-snapshot.schema';

/**
 * The current state of each product, projected from its newest revision
 * (ProductProjector): the snapshot's fields plus what reads and filters need. The `*Key` and `searchText`
 * fields are lower-cased copies that make filters case-insensitive without
 * collations or $text, neither of which FerretDB has.
 */
@Schema({ collection: 'products', versionKey: false, autoIndex: false })
export class Product extends ProductSnapshot {
  /** The revision this projection was made from; absent on documents written before revisions existed. */
  @Prop({ required: true, min: 1 })
  revision: number;

  @Prop({ required: true })
  categoryKey: string;

  @Prop({ required: true })
  nameKey: string;

  /** name, description and category, lower-cased and separated by newlines (search terms never hold one). */
  @Prop({ required: true })
  searchText: string;
}

export const ProductSchema = SchemaFactory.createForClass(Product);
// One per filter and sort of GET /products; _id breaks ties so pages never overlap.
ProductSchema.index({ categoryKey: 1, price: 1, _id: 1 });
ProductSchema.index({ price: 1, _id: 1 });
ProductSchema.index({ nameKey: 1, _id: 1 });
ProductSchema.index({ createdAt: -1, _id: -1 });
