import { appendRevision, newTestCatalog } from '../testing/test-catalog';
import { ProductProjector } from './product-projector.service';

const INPUT = { name: 'Lamp', category: 'Home', price: 30, stock: 3 };

describe(ProductProjector.name, () => {
  it('ends on the newest revision when another one is appended while it projects', async () => {
    const { sut, log, projector, products } = newTestCatalog();
    const created = await sut.create(INPUT);
    await appendRevision(log, created._id, { snapshot: { price: 31 } });
    const replaceOne = products.replaceOne.bind(products);
    let raced = false;
    jest.spyOn(products, 'replaceOne').mockImplementation((filter, doc, options) => {
      // A second writer appends revision 3 between this projector's read of the log and its write.
      if (!raced) {
        raced = true;
        void appendRevision(log, created._id, { revision: 3, snapshot: { price: 32 } });
      }
      return replaceOne(filter, doc, options);
    });

    await projector.sync(created._id);

    expect(products.docs[0]).toMatchObject({ revision: 3, price: 32 });
  });

  it('removes the projection of a deleted product and invalidates its cache entries', async () => {
    const { sut, log, projector, products, invalidated } = newTestCatalog();
    const created = await sut.create(INPUT);
    await appendRevision(log, created._id, { deleted: true });

    await projector.sync(created._id);

    expect(products.docs).toHaveLength(0);
    expect(invalidated.at(-1)).toBe(created._id);
  });
});
