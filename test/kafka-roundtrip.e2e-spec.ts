import { allTopicNames } from '@app/events';
import { Role } from '@app/auth';
import { productInput } from './factories/product.factory';
import { eventually } from './support/eventually';
import { kafkaClient } from './support/kafka';
import { http } from './support/http';
import { serviceUrl } from './support/stack';
import { accessToken } from './support/tokens';

const PRODUCTS = `${serviceUrl('product-service')}/products`;
const INVENTORY = `${serviceUrl('inventory-service')}/inventory`;

describe('a product crosses Kafka from product-service to inventory-service', () => {
  const admin = accessToken(Role.Admin);

  it('writes the product through mongoose, reads it back, and inventory opens its stock from the event', async () => {
    const input = productInput({ stock: 12, price: 42.5 });

    const created = await http('POST', PRODUCTS, { token: admin, body: input });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: input.name, price: 42.5, category: 'e2e' });
    expect(created.body._id).toMatch(/^[0-9a-f]{24}$/);

    const read = await http('GET', `${PRODUCTS}/${created.body._id}`);
    expect(read).toMatchObject({ status: 200, body: { _id: created.body._id, name: input.name, price: 42.5 } });

    const stock = await eventually(
      () => http('GET', `${INVENTORY}/${created.body._id}`),
      (res) => res.status === 200,
      { what: 'inventory to consume product-created' },
    );
    expect(stock.body).toEqual({ productId: created.body._id, stock: 12 });
  });

  it('refuses writes without a token (401) and from a customer (403), straight on the service port', async () => {
    const input = productInput();

    expect((await http('POST', PRODUCTS, { body: input })).status).toBe(401);
    expect((await http('POST', PRODUCTS, { token: accessToken(Role.Customer), body: input })).status).toBe(403);
  });

  it('answers 400 for a malformed id and 404 for an unknown one', async () => {
    expect((await http('GET', `${PRODUCTS}/not-an-id`)).status).toBe(400);
    expect((await http('GET', `${PRODUCTS}/${'0'.repeat(24)}`)).status).toBe(404);
    expect((await http('GET', `${INVENTORY}/${'0'.repeat(24)}`)).status).toBe(404);
  });
});

describe('topics and consumer groups', () => {
  const admin = kafkaClient('e2e-inspector').admin();

  beforeAll(() => admin.connect());
  afterAll(() => admin.disconnect());

  it('every topic and its dead-letter topic exist up front with at least 3 partitions', async () => {
    const metadata = await admin.fetchTopicMetadata({ topics: allTopicNames() });

    expect(metadata.topics.map((t) => t.name).sort()).toEqual(allTopicNames().sort());
    expect(metadata.topics.filter((t) => t.partitions.length < 3).map((t) => t.name)).toEqual([]);
  });

  it('each consuming service reads in a consumer group of its own', async () => {
    const { groups } = await admin.listGroups();
    const names = groups.map((g) => g.groupId);

    for (const service of [
      'product-service',
      'order-service',
      'payment-service',
      'inventory-service',
      'notification-service',
    ]) {
      expect(names).toContain(service);
    }
  });
});
