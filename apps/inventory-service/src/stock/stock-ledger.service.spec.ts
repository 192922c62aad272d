import type { Model } from 'mongoose';
import { FakeModel } from '@app/testing';
import { StockLedger } from './stock-ledger.service';
import { MovementReason, StockMovement } from './stock-movement.schema';

const PRODUCT = 'p1';

/** The ledger over one in-memory collection, with the schema's unique indexes: _id, (productId, sequence), key. */
function ledgerOver(movements = new FakeModel([['productId', 'sequence'], ['key']])) {
  return { movements, ledger: new StockLedger(movements as unknown as Model<StockMovement>) };
}

const take = (key: string, quantity = 1) => ({
  productId: PRODUCT,
  reason: MovementReason.Reserve,
  key,
  next: (stock: number) => (stock >= quantity ? stock - quantity : null),
});

describe(StockLedger.name, () => {
  it('applies concurrent movements of one product one after another, each on its own sequence', async () => {
    const { ledger, movements } = ledgerOver();
    await ledger.open(PRODUCT, 5);

    const results = await Promise.all([take('a'), take('b'), take('c')].map((m) => ledger.move(m)));

    expect(results.every((r) => r.applied)).toBe(true);
    expect((await ledger.current(PRODUCT))?.stock).toBe(2);
    expect(movements.docs.map((d) => d._id).sort()).toEqual(['p1:0', 'p1:1', 'p1:2', 'p1:3']);
  });

  it('applies a movement once: a repeat finds its key taken and reports the current stock', async () => {
    const { ledger, movements } = ledgerOver();
    await ledger.open(PRODUCT, 5);
    await ledger.move(take('order-1', 2));

    const repeat = await ledger.move(take('order-1', 2));

    expect(repeat).toEqual({ applied: true, stock: 3 });
    expect(movements.docs).toHaveLength(2);
  });

  it('tells a taken key from a taken sequence when a second instance moved the product meanwhile', async () => {
    const shared = new FakeModel([['productId', 'sequence'], ['key']]);
    const one = ledgerOver(shared).ledger;
    const two = ledgerOver(shared).ledger;
    await one.open(PRODUCT, 5);
    await one.move(take('order-1'));
    await two.move(take('order-2')); // one's head hint is now behind

    expect(await one.move(take('order-3'))).toEqual({ applied: true, stock: 2 });
    expect(await one.move(take('order-2'))).toEqual({ applied: true, stock: 2 });
    expect(shared.docs.map((d) => d.key)).toEqual(['open:p1', 'order-1', 'order-2', 'order-3']);
  });

  it('refuses a movement the stock cannot cover, saying what is available', async () => {
    const { ledger } = ledgerOver();
    await ledger.open(PRODUCT, 1);

    expect(await ledger.move(take('big', 2))).toEqual({ applied: false, available: 1 });
  });
});

describe(`${StockLedger.name} in a new process`, () => {
  it.each([1, 2, 5, 16, 37])('finds the newest of %i movements by lookups on _id', async (count) => {
    const movements = new FakeModel([['productId', 'sequence'], ['key']]);
    const writer = ledgerOver(movements).ledger;
    await writer.open(PRODUCT, 100);
    for (let i = 1; i < count; i++) await writer.move(take(`order-${i}`));

    const restarted = ledgerOver(movements).ledger;

    expect(await restarted.current(PRODUCT)).toEqual({ sequence: count - 1, stock: 100 - (count - 1) });
  });

  it('knows nothing of a product whose ledger was never opened', async () => {
    expect(await ledgerOver().ledger.current('unknown')).toBeNull();
  });
});

describe(`${StockLedger.name} reads`, () => {
  it('look documents up by _id alone, the one lookup FerretDB answers from an index', async () => {
    const movements = new FakeModel([['productId', 'sequence'], ['key']]);
    const filters: string[] = [];
    for (const method of ['findOne', 'exists', 'find'] as const) {
      const original = movements[method].bind(movements);
      jest.spyOn(movements, method).mockImplementation(((filter: Record<string, unknown>) => {
        filters.push(Object.keys(filter).join(','));
        return original(filter);
      }) as never);
    }
    const one = ledgerOver(movements).ledger;
    await one.open(PRODUCT, 10);
    await Promise.all([take('a'), take('b'), take('c')].map((m) => one.move(m)));
    await one.move(take('a'));
    await ledgerOver(movements).ledger.move(take('d')); // a new process: finds the head first

    expect(filters.length).toBeGreaterThan(10);
    expect([...new Set(filters)]).toEqual(['_id']);
  });
});
