import { Model, Types } from 'mongoose';
import { Role } from '@app/auth';
import { FakeModel } from '@app/testing';
import type { PricesService } from '../prices/prices.service';
import { OrderErrorCode } from '../errors/order-service.error';
import type { OrderJournal } from './order-journal.service';
import type { OrderSagaService } from './order-saga.service';
import type { Order } from './order.schema';
import { OrdersService, keyedOrderId } from './orders.service';

/** FakeModel's inserts answer like a mongoose document: with toObject(). */
class Orders extends FakeModel {
  readonly filters: string[] = [];

  override async create(doc: Record<string, unknown>) {
    const stored = await super.create(doc);
    return { ...stored, toObject: () => ({ ...stored }) };
  }

  override findOne(filter: Record<string, unknown>) {
    this.filters.push(Object.keys(filter).join(','));
    return super.findOne(filter);
  }
}

const PRODUCT = new Types.ObjectId().toHexString();
const buyer = { userId: new Types.ObjectId().toHexString(), email: 'buyer@example.com', role: Role.Customer };
const oneOf = (quantity: number) => ({ items: [{ product: PRODUCT, quantity }] });

function newTestService() {
  const orders = new Orders([['userId', 'idempotencyKey']]);
  const prices = {
    lookup: async (ids: string[]) => new Map(ids.map((id) => [id, { productId: id, name: 'Kettle', price: 25 }])),
  };
  // Replays read the order's journal; these orders have taken no step yet.
  const journals = {
    placed: jest.fn(),
    read: async (id: string) => {
      const order = orders.docs.find((d) => String(d._id) === id);
      return order ? { order, steps: [] } : null;
    },
  };
  const sut = new OrdersService(
    orders as unknown as Model<Order>,
    prices as unknown as PricesService,
    journals as unknown as OrderJournal,
    {} as OrderSagaService,
  );
  return { sut, orders };
}

describe('OrdersService.place with an Idempotency-Key', () => {
  it('answers a repeat with the first order, found by its _id', async () => {
    const { sut, orders } = newTestService();

    const first = await sut.place(buyer, oneOf(2), 'key-1');
    orders.filters.length = 0;
    const repeat = await sut.place(buyer, oneOf(2), 'key-1');

    expect(first.replayed).toBe(false);
    expect(repeat).toMatchObject({ replayed: true, order: { _id: first.order._id, totalAmount: 50 } });
    expect(String(first.order._id)).toBe(keyedOrderId(buyer.userId, 'key-1').toHexString());
    expect(orders.docs).toHaveLength(1);
    expect(orders.filters).toEqual(['_id']);
  });

  it('places one order for concurrent requests with one key', async () => {
    const { sut, orders } = newTestService();

    const answers = await Promise.all(Array.from({ length: 5 }, () => sut.place(buyer, oneOf(1), 'key-2')));

    expect(orders.docs).toHaveLength(1);
    expect(answers.filter((a) => !a.replayed)).toHaveLength(1);
    expect(new Set(answers.map((a) => String(a.order._id))).size).toBe(1);
  });

  it('refuses the key for a different order', async () => {
    const { sut } = newTestService();
    await sut.place(buyer, oneOf(1), 'key-3');

    await expect(sut.place(buyer, oneOf(3), 'key-3')).rejects.toMatchObject({
      code: OrderErrorCode.IdempotencyKeyReused,
      rule: { status: 409 },
    });
  });

  it('gives each user their own keys, and unkeyed orders fresh ids', async () => {
    const { sut, orders } = newTestService();
    const other = { ...buyer, userId: new Types.ObjectId().toHexString() };

    await sut.place(buyer, oneOf(1), 'shared');
    await sut.place(other, oneOf(1), 'shared');
    await sut.place(buyer, oneOf(1));
    await sut.place(buyer, oneOf(1));

    expect(new Set(orders.docs.map((d) => String(d._id))).size).toBe(4);
  });

  it('still finds an order placed with the key before ids were derived from keys', async () => {
    const { sut, orders } = newTestService();
    const legacy = await sut.place(buyer, oneOf(1));
    const stored = orders.docs.find((d) => String(d._id) === String(legacy.order._id))!;
    stored.idempotencyKey = 'old-key';

    const repeat = await sut.place(buyer, oneOf(1), 'old-key');

    expect(repeat).toMatchObject({ replayed: true, order: { _id: legacy.order._id } });
    expect(orders.docs).toHaveLength(1);
  });
});
