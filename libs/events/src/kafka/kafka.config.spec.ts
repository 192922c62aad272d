import { allTopicNames, TOPICS } from '../topics';
import { ConfigService } from '@nestjs/config';
import { kafkaConnection, kafkaConsumerOptions, kafkaProducerOptions, parseBrokers } from './kafka.config';

describe('kafka options', () => {
  it('gives each service its own consumer group, named after it with no suffix', () => {
    const { options } = kafkaConsumerOptions({
      service: 'payment-service',
      connection: { brokers: ['b:9092'] },
      instanceId: '2',
    });
    expect(options?.postfixId).toBe('');
    expect(options?.consumer?.groupId).toBe('payment-service');
    expect(options?.client?.clientId).toBe('payment-service-2');
    expect(options?.subscribe?.fromBeginning).toBe(true);
  });

  it('publishes through an idempotent producer that never creates topics, and waits for every in-sync replica', () => {
    const { options } = kafkaProducerOptions({ service: 'order-service', connection: { brokers: ['b:9092'] } });
    expect(options?.producer).toMatchObject({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
    expect(options?.send).toEqual({ acks: -1 });
    expect(options?.producerOnlyMode).toBe(true);
  });

  it("sends a consumer's messages (dead letters) with acks=all too", () => {
    const { options } = kafkaConsumerOptions({ service: 'payment-service', connection: { brokers: ['b:9092'] } });
    expect(options?.send).toEqual({ acks: -1 });
  });

  it('signs every client in as the principal KafkaEnv names, from a loaded env or from ConfigService alike', () => {
    const env = {
      KAFKA_BROKERS: 'a:1,b:2',
      KAFKA_SASL_MECHANISM: 'scram-sha-256' as const,
      KAFKA_SASL_USERNAME: 'order-service',
      KAFKA_SASL_PASSWORD: 'secret',
      KAFKA_TLS: true,
    };
    const expected = {
      brokers: ['a:1', 'b:2'],
      sasl: { mechanism: 'scram-sha-256', username: 'order-service', password: 'secret' },
      ssl: true,
    };
    expect(kafkaConnection(env)).toEqual(expected);
    expect(kafkaConnection(new ConfigService(env))).toEqual(expected);
    const { options } = kafkaConsumerOptions({ service: 'order-service', connection: kafkaConnection(env) });
    expect(options?.client).toMatchObject(expected);
  });

  it('connects without SASL or TLS when KafkaEnv says nothing of them', () => {
    expect(kafkaConnection({ KAFKA_BROKERS: 'a:1' })).toEqual({ brokers: ['a:1'] });
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
