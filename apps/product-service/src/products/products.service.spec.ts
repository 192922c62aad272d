import { Types } from 'mongoose';
import { TOPICS } from '@app/events';
import { ProductErrorCode, ProductServiceError } from '../errors/product-service.error';
import { appendRevision, newTestCatalog } from '../testing/test-catalog';
import { ProductsService } from './products.service';

const INPUT = { name: 'Trail shoe', description: 'Grippy', category: 'Shoes', price: 89.9, stock: 12 };

async function codeOf(promise: Promise<unknown>): Promise<ProductErrorCode | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    if (error instanceof ProductServiceError) return error.code;
    throw error;
  }
}

describe(ProductsService.name, () => {
  it('creates revision 1 carrying product-created with price and initial stock, and projects it', async () => {
    const { sut, revisions, products, invalidated } = newTestCatalog();

    const view = await sut.create(INPUT);

    expect(view).toMatchObject({ name: 'Trail shoe', category: 'Shoes', price: 89.9, stock: 12, revision: 1 });
    expect(revisions.docs).toHaveLength(1);
    expect(revisions.docs[0].outbox).toMatchObject({
      topic: TOPICS.PRODUCT_CREATED,
      key: view._id,
      payload: { productId: view._id, name: 'Trail shoe', price: 89.9, stock: 12, version: 1 },
      publishedAt: null,
    });
    expect(products.docs[0]).toMatchObject({ categoryKey: 'shoes', nameKey: 'trail shoe', revision: 1 });
    expect(invalidated).toEqual([view._id]);
  });

  it('defaults the category and description of a product created without them', async () => {
    const { sut } = newTestCatalog();

    const view = await sut.create({ name: 'Plain', price: 0, stock: 0 });

    expect(view).toMatchObject({ category: 'general', description: '', price: 0, stock: 0 });
  });

  it('updates by appending the next revision with product-updated, keeping the untouched fields', async () => {
    const { sut, revisions, invalidated } = newTestCatalog();
    const created = await sut.create(INPUT);

    const updated = await sut.update(created._id, { price: 79.5 });

    expect(updated).toMatchObject({ _id: created._id, name: 'Trail shoe', price: 79.5, stock: 12, revision: 2 });
    expect(revisions.docs[1].outbox).toMatchObject({
      topic: TOPICS.PRODUCT_UPDATED,
      payload: { productId: created._id, name: 'Trail shoe', price: 79.5, category: 'Shoes' },
    });
    expect(invalidated).toEqual([created._id, created._id]);
  });

  it('lets one of two simultaneous edits of the same revision win; the other is PRODUCT_CONFLICT', async () => {
    const { sut, revisions } = newTestCatalog();
    const created = await sut.create(INPUT);

    const results = await Promise.allSettled([
      sut.update(created._id, { price: 1 }),
      sut.update(created._id, { price: 2 }),
    ]);

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const [rejected] = results.filter((r) => r.status === 'rejected');
    expect((rejected as PromiseRejectedResult).reason).toMatchObject({ code: ProductErrorCode.Conflict });
    expect(revisions.docs.map((d) => d.revision)).toEqual([1, 2]);
  });

  it('bases an edit on the revision log, and heals a projection left behind by a crash', async () => {
    const { sut, log, products } = newTestCatalog();
    const created = await sut.create(INPUT);
    // A write that stopped after its revision insert: the projection still shows revision 1.
    await appendRevision(log, created._id, { snapshot: { name: 'Renamed' } });

    const updated = await sut.update(created._id, { price: 5 });

    expect(updated).toMatchObject({ name: 'Renamed', price: 5, revision: 3 });
    expect(products.docs[0]).toMatchObject({ name: 'Renamed', price: 5, revision: 3 });
  });

  it('refuses an edit that changes nothing', async () => {
    const { sut } = newTestCatalog();
    const created = await sut.create(INPUT);

    expect(await codeOf(sut.update(created._id, {}))).toBe(ProductErrorCode.NothingToUpdate);
  });

  it('deletes with a last revision carrying product-deleted; the product is gone for reads and writes', async () => {
    const { sut, reader, revisions, products } = newTestCatalog();
    const created = await sut.create(INPUT);

    await sut.remove(created._id);

    expect(revisions.docs[1]).toMatchObject({ revision: 2, deleted: true });
    expect(revisions.docs[1].outbox).toMatchObject({
      topic: TOPICS.PRODUCT_DELETED,
      payload: { productId: created._id },
    });
    expect(products.docs).toHaveLength(0);
    expect(await codeOf(reader.findOne(created._id))).toBe(ProductErrorCode.NotFound);
    expect(await codeOf(sut.update(created._id, { price: 1 }))).toBe(ProductErrorCode.NotFound);
    expect(await codeOf(sut.remove(created._id))).toBe(ProductErrorCode.NotFound);
  });

  it('answers PRODUCT_NOT_FOUND for an id that never existed', async () => {
    const { sut } = newTestCatalog();
    const unknown = new Types.ObjectId().toHexString();

    expect(await codeOf(sut.update(unknown, { price: 1 }))).toBe(ProductErrorCode.NotFound);
    expect(await codeOf(sut.remove(unknown))).toBe(ProductErrorCode.NotFound);
  });
});
