import { Types } from 'mongoose';
import { InventoryStockChangedEvent, newEvent } from '@app/events';
import { newTestCatalog } from '../testing/test-catalog';
import { ProductStockService } from './product-stock.service';

const PRODUCT = new Types.ObjectId();
const report = (sequence: number, stock: number) =>
  newEvent<InventoryStockChangedEvent>({ productId: PRODUCT.toHexString(), sequence, stock });

describe(ProductStockService.name, () => {
  it('keeps the figure with the highest sequence, whatever order reports arrive in', async () => {
    const { stock } = newTestCatalog();

    await stock.record(report(5, 3));
    await stock.record(report(2, 9));
    await stock.record(report(4, 7));

    expect((await stock.levels([PRODUCT])).get(PRODUCT.toHexString())).toBe(3);
  });

  it('keeps one row per product, which a repeated or older report leaves as it is', async () => {
    const { stock, stockRows } = newTestCatalog();
    const first = report(1, 10);

    await stock.record(first);
    await stock.record(first);
    await stock.record(report(2, 8));
    await stock.record(report(1, 10));

    expect(stockRows.docs.map((d) => [String(d._id), d.sequence, d.stock])).toEqual([[PRODUCT.toHexString(), 2, 8]]);
  });

  it('invalidates the product’s entries with each newer report only, never the list pages', async () => {
    const { stock, invalidated } = newTestCatalog();

    await stock.record(report(1, 10));
    await stock.record(report(1, 10));
    await stock.record(report(2, 9));

    expect(invalidated).toEqual([`stock:${PRODUCT.toHexString()}`, `stock:${PRODUCT.toHexString()}`]);
  });

  it('shows the initial stock until inventory reports a figure', async () => {
    const { sut, stock } = newTestCatalog();
    const created = await sut.create({ name: 'Kettle', price: 25, stock: 6 });
    const id = new Types.ObjectId(created._id);
    expect(created.stock).toBe(6);

    await stock.record(newEvent<InventoryStockChangedEvent>({ productId: created._id, sequence: 0, stock: 4 }));

    expect((await stock.levels([id])).get(created._id)).toBe(4);
  });
});

describe(`${ProductStockService.name}.adopt`, () => {
  it('keeps the newest of a row-per-report history, one document per product', async () => {
    const { stock, stockRows } = newTestCatalog();
    const other = new Types.ObjectId().toHexString();
    const rows = [
      { productId: PRODUCT.toHexString(), sequence: 3, stock: 7 },
      { productId: other, sequence: 1, stock: 2 },
      { productId: PRODUCT.toHexString(), sequence: 5, stock: 4 },
      { productId: PRODUCT.toHexString(), sequence: 4, stock: 6 },
    ];

    expect(await stock.adopt(rows)).toBe(2);
    expect(await stock.levels([PRODUCT, new Types.ObjectId(other)])).toEqual(
      new Map([
        [PRODUCT.toHexString(), 4],
        [other, 2],
      ]),
    );
    expect(stockRows.docs).toHaveLength(2);
  });

  it('does not let an adopted figure replace a newer report', async () => {
    const { stock } = newTestCatalog();
    await stock.record(report(9, 1));

    await stock.adopt([{ productId: PRODUCT.toHexString(), sequence: 5, stock: 4 }]);

    expect((await stock.levels([PRODUCT])).get(PRODUCT.toHexString())).toBe(1);
  });
});

describe(`${ProductStockService.name} when another writer got in first`, () => {
  it('compares with the figure that replaced the one it read, and keeps the newer', async () => {
    const { stock, stockRows } = newTestCatalog();
    await stock.record(report(1, 10));
    // Another consumer writes sequence 3 between this one's read and its swap.
    const replaceOne = stockRows.replaceOne.bind(stockRows);
    let interfered = false;
    jest.spyOn(stockRows, 'replaceOne').mockImplementation((filter, replacement, options) => {
      if (!interfered) {
        interfered = true;
        stockRows.docs[0].sequence = 3;
        stockRows.docs[0].stock = 5;
      }
      return replaceOne(filter, replacement, options);
    });

    await stock.record(report(2, 8));

    expect(stockRows.docs.map((d) => [d.sequence, d.stock])).toEqual([[3, 5]]);
  });
});
