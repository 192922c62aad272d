import { Types } from 'mongoose';
import { appendRevision, newTestCatalog } from '../testing/test-catalog';
import { CatalogReconciler } from './catalog-reconciler.service';

const INPUT = { name: 'Mug', category: 'Kitchen', price: 8, stock: 40 };
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

describe(CatalogReconciler.name, () => {
  it('re-projects a revision whose projection update never happened (a crash between the two writes)', async () => {
    const { sut, log, reconciler, products } = newTestCatalog();
    const created = await sut.create(INPUT);
    await appendRevision(log, created._id, { snapshot: { price: 9 }, recordedAt: minutesAgo(1) });

    expect(await reconciler.pass(true)).toBe(1);
    expect(products.docs[0]).toMatchObject({ price: 9, revision: 2 });
    expect(await reconciler.pass(true)).toBe(0);
  });

  it('projects a product whose very first projection was lost, and removes one deleted but still projected', async () => {
    const { sut, log, reconciler, products, revisions } = newTestCatalog();
    const kept = await sut.create(INPUT);
    const removed = await sut.create({ ...INPUT, name: 'Old mug' });
    products.docs.splice(
      products.docs.findIndex((d) => String(d._id) === kept._id),
      1,
    );
    await appendRevision(log, removed._id, { deleted: true, recordedAt: minutesAgo(1) });
    for (const revision of revisions.docs) revision.recordedAt = minutesAgo(2);

    expect(await reconciler.pass(true)).toBe(2);
    expect(products.docs.map((d) => String(d._id))).toEqual([kept._id]);
  });

  it('leaves a revision written moments ago to its own writer', async () => {
    const { sut, log, reconciler, products } = newTestCatalog();
    const created = await sut.create(INPUT);
    await appendRevision(log, created._id, { snapshot: { price: 9 }, recordedAt: new Date() });

    expect(await reconciler.pass(true)).toBe(0);
    expect(products.docs[0]).toMatchObject({ price: 8 });
  });

  it('looks only at recent revisions on its periodic passes', async () => {
    const { sut, log, reconciler } = newTestCatalog({ CATALOG_RECONCILE_INTERVAL_MS: '1000' });
    const created = await sut.create(INPUT);
    await appendRevision(log, created._id, { snapshot: { price: 9 }, recordedAt: minutesAgo(60) });

    expect(await reconciler.pass(false)).toBe(0);
    expect(await reconciler.pass(true)).toBe(1);
  });

  it('adopts a product stored before revisions existed as its revision 1, without announcing it again', async () => {
    const { reconciler, revisions, products } = newTestCatalog();
    const _id = new Types.ObjectId();
    products.docs.push({
      _id,
      name: 'Seed lamp',
      description: '',
      category: 'Home',
      price: 20,
      createdAt: minutesAgo(90),
    });

    await reconciler.pass(true);

    expect(revisions.docs).toEqual([expect.objectContaining({ productId: _id, revision: 1, outbox: null })]);
    expect(products.docs[0]).toMatchObject({ name: 'Seed lamp', revision: 1, categoryKey: 'home', initialStock: 0 });
  });
});
