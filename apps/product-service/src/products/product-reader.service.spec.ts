import { Types } from 'mongoose';
import { InventoryStockChangedEvent, newEvent } from '@app/events';
import { ProductErrorCode } from '../errors/product-service.error';
import { newTestCatalog } from '../testing/test-catalog';
import { ProductReader } from './product-reader.service';

async function catalogOf(products: Array<{ name: string; category: string; price: number; description?: string }>) {
  const catalog = newTestCatalog();
  for (const product of products) await catalog.sut.create({ ...product, stock: 1 });
  return catalog;
}

describe(ProductReader.name, () => {
  it('searches name, description and category without regard to case, every word required', async () => {
    const { reader } = await catalogOf([
      { name: 'Red Shoe', category: 'Shoes', price: 50 },
      { name: 'Blue hat', category: 'Hats', price: 20, description: 'Keeps the RED sun off' },
      { name: 'Green shoe', category: 'Shoes', price: 40 },
    ]);
    const names = async (search: string) => (await reader.list({ search })).value.items.map((p) => p.name).sort();

    expect(await names('red')).toEqual(['Blue hat', 'Red Shoe']);
    expect(await names('SHOE red')).toEqual(['Red Shoe']);
    expect(await names('hats')).toEqual(['Blue hat']);
    expect(await names('.*')).toEqual([]);
  });

  it('filters by category and price, sorts, and pages with the total of all pages', async () => {
    const { reader } = await catalogOf([
      { name: 'b', category: 'A', price: 30 },
      { name: 'C', category: 'A', price: 10 },
      { name: 'a', category: 'A', price: 20 },
      { name: 'd', category: 'B', price: 15 },
    ]);

    const page = await reader.list({ category: 'a', sort: 'price', limit: 2, page: 2 });
    expect(page.value).toMatchObject({ total: 3, items: [{ name: 'b', price: 30 }] });

    const byName = await reader.list({ sort: 'name' });
    expect(byName.value.items.map((p) => p.name)).toEqual(['a', 'b', 'C', 'd']);

    const cheap = await reader.list({ minPrice: 12, maxPrice: 20, sort: '-price' });
    expect(cheap.value.items.map((p) => p.price)).toEqual([20, 15]);
  });

  it('shows inventory’s figure in lists where there is one, the initial stock elsewhere', async () => {
    const { sut, reader, stock } = newTestCatalog();
    const reported = await sut.create({ name: 'reported', category: 'S', price: 1, stock: 10 });
    await sut.create({ name: 'not yet', category: 'S', price: 2, stock: 7 });
    await stock.record(newEvent<InventoryStockChangedEvent>({ productId: reported._id, sequence: 3, stock: 4 }));

    const page = await reader.list({ category: 's', sort: 'price' });

    expect(page.value.items.map((p) => [p.name, p.stock])).toEqual([
      ['reported', 4],
      ['not yet', 7],
    ]);
  });

  it('reads several products by id, leaving out unknown and deleted ones', async () => {
    const { sut, reader } = newTestCatalog();
    const kept = await sut.create({ name: 'Kettle', category: 'Kitchen', price: 25, stock: 3 });
    const gone = await sut.create({ name: 'Toaster', category: 'Kitchen', price: 40, stock: 3 });
    await sut.remove(gone._id);

    const found = await reader.findMany([new Types.ObjectId().toHexString(), gone._id, kept._id]);

    expect(found).toEqual([expect.objectContaining({ _id: kept._id, name: 'Kettle', price: 25 })]);
  });

  it('answers PRODUCT_NOT_FOUND for an unknown id', async () => {
    const { reader } = newTestCatalog();

    await expect(reader.findOne(new Types.ObjectId().toHexString())).rejects.toMatchObject({
      code: ProductErrorCode.NotFound,
    });
  });
});
