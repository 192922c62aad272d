import { Injectable } from '@nestjs/common';
import { Cached, ReadAsideCache } from '@app/caching';

/** Every list page depends on every product (a change can move a product into or out of any page). */
const LISTS_SCOPE = 'lists';
const productScope = (productId: string) => `product:${productId}`;

/**
 * The catalog's use of the read-aside cache: one entry per product and one
 * per list query, and which of them a change of one product makes stale.
 */
@Injectable()
export class CatalogCache {
  constructor(private readonly cache: ReadAsideCache) {}

  product<T>(productId: string, load: () => Promise<T>): Promise<Cached<T>> {
    return this.cache.read({ cache: 'product', key: `product:${productId}`, scopes: [productScope(productId)] }, load);
  }

  list<T>(queryKey: string, load: () => Promise<T>): Promise<Cached<T>> {
    return this.cache.read({ cache: 'products', key: `products:${queryKey}`, scopes: [LISTS_SCOPE] }, load);
  }

  /** After the change is in the database: the product and every list page. */
  productChanged(productId: string): Promise<void> {
    return this.cache.invalidate([productScope(productId), LISTS_SCOPE]);
  }
}
