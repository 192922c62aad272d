import { ConfigService } from '@nestjs/config';
import type { Model } from 'mongoose';
import { Cached } from '@app/caching';
import { validateEnv } from '@app/common';
import { envOf } from '../../../../test/factories/env.factory';
import { FakeModel } from '@app/testing';
import { CatalogCache } from '../cache/catalog-cache.service';
import { ProductEnv } from '../product.env';
import { CatalogReconciler } from '../products/catalog-reconciler.service';
import { ProductProjector } from '../products/product-projector.service';
import { ProductReader } from '../products/product-reader.service';
import { ProductRevisionLog, RevisionRecord } from '../products/product-revision-log.service';
import { ProductsService } from '../products/products.service';
import { ProductStockService } from '../stock/product-stock.service';

/** A cache that always loads, recording which products were invalidated (`stock:<id>` for a stock change). */
export function passThroughCache() {
  const invalidated: string[] = [];
  const load = async <T>(fn: () => Promise<T>): Promise<Cached<T>> => ({ value: await fn(), hit: false });
  const cache = {
    product: (_id: string, fn: () => Promise<unknown>) => load(fn),
    list: (_key: string, fn: () => Promise<unknown>) => load(fn),
    stock: (ids: string[], fn: (missing: string[]) => Promise<unknown[]>) => load(() => fn(ids)),
    productChanged: async (productId: string) => void invalidated.push(productId),
    stockChanged: async (productId: string) => void invalidated.push(`stock:${productId}`),
  };
  return { cache: cache as unknown as CatalogCache, invalidated };
}

/** The catalog's services wired over in-memory collections, as Nest would wire them over MongoDB. */
export function newTestCatalog(env: Record<string, string> = {}) {
  const revisions = new FakeModel([['productId', 'revision']]);
  const products = new FakeModel();
  const stockRows = new FakeModel();
  const { cache, invalidated } = passThroughCache();
  const config = new ConfigService<ProductEnv, true>(validateEnv(ProductEnv)(envOf(env)));

  const model = <T>(fake: FakeModel) => fake as unknown as Model<T>;
  const log = new ProductRevisionLog(model(revisions));
  const projector = new ProductProjector(log, model(products), cache);
  const stock = new ProductStockService(model(stockRows), cache);
  const reader = new ProductReader(model(products), stock, cache);
  const sut = new ProductsService(log, projector, reader);
  const reconciler = new CatalogReconciler(log, projector, model(products), config);

  return { sut, reader, stock, log, projector, reconciler, revisions, products, stockRows, invalidated };
}

/**
 * Appends the next revision of a product straight to the log, as a writer
 * that stopped before projecting it would leave things.
 */
export async function appendRevision(
  log: ProductRevisionLog,
  productId: string,
  changes: Partial<Omit<RevisionRecord, 'snapshot'>> & { snapshot?: Partial<RevisionRecord['snapshot']> } = {},
): Promise<void> {
  const { _id, ...head } = (await log.latest(productId)) as RevisionRecord & { _id: unknown };
  await log.append({
    ...head,
    outbox: null,
    ...changes,
    revision: changes.revision ?? head.revision + 1,
    snapshot: { ...head.snapshot, ...changes.snapshot },
  });
}
