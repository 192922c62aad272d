import { TOPICS } from '../topics';
import { newEvent } from './base.event';
import { InvalidEventError, parseEvent } from './parse-event';
import { ProductCreatedEvent } from './product-created.event';

const productCreated = (overrides: Record<string, unknown> = {}) => ({
  ...newEvent<ProductCreatedEvent>({ productId: 'a'.repeat(24), name: 'Lamp', price: 12.5, stock: 3 }),
  ...overrides,
});

describe(parseEvent.name, () => {
  it('accepts a valid payload and returns an instance of its class', () => {
    const event = parseEvent(TOPICS.PRODUCT_CREATED, productCreated());
    expect(event).toBeInstanceOf(ProductCreatedEvent);
    expect(event.stock).toBe(3);
  });

  it.each([
    ['not an object', 'hello', /not a JSON object/],
    ['an array', [1, 2], /not a JSON object/],
    ['a negative stock', productCreated({ stock: -1 }), /stock must not be less than 0/],
    ['a malformed product id', productCreated({ productId: 'x' }), /productId must be a mongodb id/],
    ['no eventId', productCreated({ eventId: undefined }), /eventId must be a UUID/],
    ['a bad occurredAt', productCreated({ occurredAt: 'yesterday' }), /occurredAt must be a valid ISO 8601/],
  ])('rejects %s with the reason', (_, payload, reason) => {
    expect(() => parseEvent(TOPICS.PRODUCT_CREATED, payload)).toThrow(InvalidEventError);
    expect(() => parseEvent(TOPICS.PRODUCT_CREATED, payload)).toThrow(reason);
  });
});

describe(newEvent.name, () => {
  it('stamps a unique id, version 1 and the time', () => {
    const a = newEvent<ProductCreatedEvent>({ productId: 'a'.repeat(24), name: 'A', price: 1, stock: 1 });
    const b = newEvent<ProductCreatedEvent>({ productId: 'a'.repeat(24), name: 'A', price: 1, stock: 1 });
    expect(a.eventId).not.toBe(b.eventId);
    expect(a.version).toBe(1);
    expect(Date.parse(a.occurredAt)).not.toBeNaN();
  });
});
