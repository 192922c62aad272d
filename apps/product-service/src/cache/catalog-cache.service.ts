import { Injectable } from '@nestjs/common';
import { Cached, ReadAsideCache } from '@app/caching';

/** Every list page depends on every product's catalog fields (a change can move a product into or out of any page). */
export const LISTS_SCOPE = 'lists';
/** Every product's stock figure: a whole list answer carries them (its page entry does not). */
export const STOCK_SCOPE = 'stock';
export const productScope = (productId: string) => `product:${productId}`;

/**
 * The catalog's use of the read-aside cache, and which entries a change
 * makes stale. A product entry holds the whole product; a list entry holds
 * a page without fresh stock, which comes from one small stock entry per
 * product. So a stock change (one per order) invalidates that product alone,
 * and list pages stay cached under order traffic; only catalog writes,
 * which can reorder or filter pages, invalidate every list.
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

  /** Inventory's figure per product, in the order given; `load` gets the ids that were not cached. */
  stock<T>(productIds: string[], load: (missing: string[]) => Promise<T[]>): Promise<Cached<T[]>> {
    const items = productIds.map((id) => ({ key: `stock:${id}`, scopes: [productScope(id)] }));
    return this.cache.readMany({ cache: 'stock', items }, (positions) => load(positions.map((i) => productIds[i])));
  }

  /** After a catalog write is in the database: the product and every list page. */
  productChanged(productId: string): Promise<void> {
    return this.cache.invalidate([productScope(productId), LISTS_SCOPE]);
  }

  /** After a stock report is in the database: the product (and its stock entry) and whole list answers, not list pages. */
  stockChanged(productId: string): Promise<void> {
    return this.cache.invalidate([productScope(productId), STOCK_SCOPE]);
  }
}
