import { allTopicNames } from '../topics';
import { ensureTopics } from './ensure-topics';

const mockAdmin = {
  connect: jest.fn(async () => undefined),
  disconnect: jest.fn(async () => undefined),
  listTopics: jest.fn(async () => ['order-created']),
  createTopics: jest.fn(async (_request: { topics: object[] }) => true),
};

jest.mock('kafkajs', () => ({
  ...jest.requireActual('kafkajs'),
  Kafka: jest.fn(() => ({ admin: () => mockAdmin })),
}));

describe(ensureTopics.name, () => {
  afterEach(() => jest.clearAllMocks());

  it('creates each missing topic with the partitions and replication factor it is given', async () => {
    const before = process.env.KAFKA_PARTITIONS;
    process.env.KAFKA_PARTITIONS = '9'; // ignored: the settings come from the validated config
    try {
      const created = await ensureTopics({ brokers: ['b:9092'], clientId: 'svc', partitions: 6, replicationFactor: 2 });

      expect(created).toEqual(allTopicNames().filter((t) => t !== 'order-created'));
      const [{ topics }] = mockAdmin.createTopics.mock.calls[0];
      expect(topics).toHaveLength(created.length);
      for (const topic of topics) expect(topic).toMatchObject({ numPartitions: 6, replicationFactor: 2 });
      expect(mockAdmin.disconnect).toHaveBeenCalled();
    } finally {
      if (before === undefined) delete process.env.KAFKA_PARTITIONS;
      else process.env.KAFKA_PARTITIONS = before;
    }
  });
});
