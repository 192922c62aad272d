import { Types } from 'mongoose';
import { ProductDto } from './dto/product.dto';
import { Product } from './product.schema';

/** A page of the list: the products and how many match in all (X-Total-Count). */
export interface ProductPage {
  total: number;
  items: ProductDto[];
}

type Viewable = Pick<
  Product,
  'name' | 'description' | 'category' | 'price' | 'initialStock' | 'revision' | 'createdAt' | 'updatedAt'
> & { _id: Types.ObjectId };

/** Dates as ISO strings, so a view read from the cache and one read from the database are the same JSON. */
export function toView(doc: Viewable, stock: Map<string, number>): ProductDto {
  const id = doc._id.toHexString();
  return {
    _id: id,
    name: doc.name,
    description: doc.description,
    category: doc.category,
    price: doc.price,
    stock: stock.get(id) ?? doc.initialStock,
    revision: doc.revision,
    createdAt: new Date(doc.createdAt).toISOString(),
    updatedAt: new Date(doc.updatedAt).toISOString(),
  };
}
