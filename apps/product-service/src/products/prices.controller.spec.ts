import { ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';
import { Types } from 'mongoose';
import { newTestCatalog } from '../testing/test-catalog';
import { MAX_PRICE_IDS, ProductPricesQueryDto } from './dto/product-prices.query.dto';
import { PricesController } from './prices.controller';

// The global pipe's settings (bootstrap-service.ts).
const pipe = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });
const QUERY: ArgumentMetadata = { type: 'query', metatype: ProductPricesQueryDto };
const ids = (count: number) => Array.from({ length: count }, () => new Types.ObjectId().toHexString());

async function refusal(query: Record<string, unknown>): Promise<unknown> {
  const error = await pipe.transform(query, QUERY).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(BadRequestException);
  return (error as BadRequestException).getResponse();
}

describe(PricesController.name, () => {
  it('answers the name and price of each product that exists, once each, whatever the case of its id', async () => {
    const { sut, reader } = newTestCatalog();
    const kettle = await sut.create({ name: 'Kettle', category: 'Kitchen', price: 25, stock: 3 });
    const toaster = await sut.create({ name: 'Toaster', category: 'Kitchen', price: 40, stock: 3 });
    const asked = [kettle._id.toUpperCase(), new Types.ObjectId().toHexString(), toaster._id, kettle._id].join(',');

    const query = (await pipe.transform({ ids: asked }, QUERY)) as ProductPricesQueryDto;
    const prices = await new PricesController(reader).list(query);

    expect(prices).toEqual([
      { productId: kettle._id, name: 'Kettle', price: 25 },
      { productId: toaster._id, name: 'Toaster', price: 40 },
    ]);
  });

  it(`takes 1 to ${MAX_PRICE_IDS} ids of 24 hex digits, separated by commas, and nothing else`, async () => {
    await expect(pipe.transform({ ids: ids(MAX_PRICE_IDS).join(',') }, QUERY)).resolves.toBeInstanceOf(
      ProductPricesQueryDto,
    );

    const message = { message: [`ids must be 1 to ${MAX_PRICE_IDS} ids of 24 hex digits, separated by commas`] };
    expect(await refusal({ ids: ids(MAX_PRICE_IDS + 1).join(',') })).toMatchObject(message);
    expect(await refusal({ ids: '' })).toMatchObject(message);
    expect(await refusal({})).toMatchObject(message);
    expect(await refusal({ ids: `${ids(1)[0]},` })).toMatchObject(message);
    expect(await refusal({ ids: 'not-an-id' })).toMatchObject(message);
    expect(await refusal({ ids: { $gt: '' } })).toMatchObject(message);
    expect(await refusal({ ids: ids(1)[0], page: '2' })).toMatchObject({ message: ['property page should not exist'] });
  });
});
