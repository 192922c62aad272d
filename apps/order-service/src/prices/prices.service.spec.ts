import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Model, Types } from 'mongoose';
import { validateEnv } from '@app/common';
import { FakeModel } from '@app/testing';
import { envOf } from '../../../../test/factories/env.factory';
import { OrderErrorCode } from '../errors/order-service.error';
import { OrderEnv } from '../order.env';
import { Price } from './price.schema';
import { PricesService } from './prices.service';

const CATALOG = 'http://catalog.test';
const newId = () => new Types.ObjectId().toHexString();

function newTestService() {
  const prices = new FakeModel();
  const config = new ConfigService<OrderEnv, true>(validateEnv(OrderEnv)(envOf({ PRODUCT_SERVICE_URL: CATALOG })));
  const sut = new PricesService(prices as unknown as Model<Price>, config);
  const heardOf = (productId: string, name: string, price: number, deleted = false) =>
    prices.docs.push({ _id: productId, name, price, deleted, asOf: new Date() });
  return { sut, heardOf };
}

/** product-service's GET /prices, answering the products it has among those asked for. */
function catalogAnswers(products: Array<{ productId: string; name: string; price: number }>) {
  return jest.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
    const asked = new URL(String(input)).searchParams.get('ids')!.split(',');
    return Response.json(products.filter((p) => asked.includes(p.productId)));
  });
}

describe(PricesService.name, () => {
  afterEach(() => jest.restoreAllMocks());

  it('prices products it has heard of from its own list, without asking product-service', async () => {
    const { sut, heardOf } = newTestService();
    const kettle = newId();
    heardOf(kettle, 'Kettle', 25);
    const fetch = catalogAnswers([]);

    const found = await sut.lookup([kettle]);

    expect(found.get(kettle)).toEqual({ productId: kettle, name: 'Kettle', price: 25 });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('asks product-service once for every product it has not heard of, and leaves out what the catalog lacks', async () => {
    const { sut, heardOf } = newTestService();
    const known = newId();
    heardOf(known, 'Kettle', 25);
    const unheardOf = Array.from({ length: 99 }, newId);
    const [missing, ...inCatalog] = unheardOf;
    const fetch = catalogAnswers(inCatalog.map((productId, i) => ({ productId, name: `Mug ${i}`, price: i + 1 })));

    const found = await sut.lookup([known, ...unheardOf]);

    expect(fetch).toHaveBeenCalledTimes(1);
    expect(String(fetch.mock.calls[0][0])).toBe(`${CATALOG}/prices?ids=${unheardOf.join(',')}`);
    expect(found.size).toBe(99);
    expect(found.has(missing)).toBe(false);
    expect(found.get(inCatalog[4])).toEqual({ productId: inCatalog[4], name: 'Mug 4', price: 5 });
  });

  it('does not ask about a product it knows was deleted', async () => {
    const { sut, heardOf } = newTestService();
    const deleted = newId();
    heardOf(deleted, 'Toaster', 40, true);
    const fetch = catalogAnswers([]);

    expect((await sut.lookup([deleted])).size).toBe(0);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('fails the lookup with a 503 and Retry-After when product-service does not answer, rather than leave a product out', async () => {
    const { sut } = newTestService();
    jest.spyOn(globalThis, 'fetch').mockResolvedValue(new Response('', { status: 503 }));
    jest.spyOn(Logger.prototype, 'warn').mockImplementation();

    await expect(sut.lookup([newId()])).rejects.toMatchObject({
      code: OrderErrorCode.CatalogUnavailable,
      rule: { status: 503 },
      retryAfterSeconds: 5,
      message: expect.stringContaining('product-service answered 503'),
    });
  });
});
