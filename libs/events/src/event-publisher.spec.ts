import { ClientKafka } from '@nestjs/microservices';
import { EventPublisher } from './event-publisher';

/** A ClientKafka whose connect() hands out a new producer after each close(), as Nest's does. */
function fakeClient(sends: Array<() => Promise<unknown>>) {
  const producers: Array<{ sendBatch: jest.Mock }> = [];
  let current: { sendBatch: jest.Mock } | undefined;
  const client = {
    connect: jest.fn(async () => {
      if (!current) {
        current = { sendBatch: jest.fn(() => sends.shift()!()) };
        producers.push(current);
      }
      return current;
    }),
    close: jest.fn(async () => {
      current = undefined;
    }),
  };
  return { client: client as unknown as ClientKafka, producers, close: client.close };
}

const event = { topic: 'order-created', event: { eventId: 'e-1' }, key: 'o-1' };

describe(EventPublisher.name, () => {
  it('sends with acks from every in-sync replica', async () => {
    const { client, producers } = fakeClient([async () => undefined]);

    await new EventPublisher(client).publishAll([event]);

    expect(producers[0].sendBatch).toHaveBeenCalledWith(expect.objectContaining({ acks: -1 }));
  });

  it('after a failed send, sends the retry on a new producer (a leader change leaves the old one refused for good)', async () => {
    const refused = Object.assign(new Error('The broker received an out of order sequence number'), {
      type: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
    });
    const { client, producers, close } = fakeClient([() => Promise.reject(refused), async () => undefined]);
    const publisher = new EventPublisher(client);

    await expect(publisher.publishAll([event])).rejects.toBe(refused);
    await publisher.publishAll([event]);

    expect(close).toHaveBeenCalledTimes(1);
    expect(producers).toHaveLength(2);
    expect(producers[1].sendBatch).toHaveBeenCalledTimes(1);
  });
});
