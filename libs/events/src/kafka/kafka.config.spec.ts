import { allTopicNames, TOPICS } from '../topics';
import { kafkaConsumerOptions, kafkaProducerOptions, parseBrokers } from './kafka.config';

describe('kafka options', () => {
  it('gives each service its own consumer group, named after it with no suffix', () => {
    const { options } = kafkaConsumerOptions({ service: 'payment-service', brokers: ['b:9092'], instanceId: '2' });
    expect(options?.postfixId).toBe('');
    expect(options?.consumer?.groupId).toBe('payment-service');
    expect(options?.client?.clientId).toBe('payment-service-2');
    expect(options?.subscribe?.fromBeginning).toBe(true);
  });

  it('publishes through an idempotent producer that never creates topics, and waits for every in-sync replica', () => {
    const { options } = kafkaProducerOptions({ service: 'order-service', brokers: ['b:9092'] });
    expect(options?.producer).toMatchObject({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
    expect(options?.send).toEqual({ acks: -1 });
    expect(options?.producerOnlyMode).toBe(true);
  });

  it("sends a consumer's messages (dead letters) with acks=all too", () => {
    const { options } = kafkaConsumerOptions({ service: 'payment-service', brokers: ['b:9092'] });
    expect(options?.send).toEqual({ acks: -1 });
  });

  it('parses a broker list', () => {
    expect(parseBrokers(' a:1, b:2 ,')).toEqual(['a:1', 'b:2']);
  });

  it('creates a dead-letter topic beside every topic, seed names included', () => {
    const names = allTopicNames();
    expect(names).toEqual(expect.arrayContaining(['order-created', 'payment-completed', 'order-created.dlq']));
    expect(names).toHaveLength(Object.keys(TOPICS).length * 2);
  });
});
