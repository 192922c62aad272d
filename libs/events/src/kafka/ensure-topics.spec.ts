import { allTopicNames } from '../topics';
import { ensureTopics, minInsyncReplicasFor, replicationFor } from './ensure-topics';

const mockAdmin = {
  connect: jest.fn(async () => undefined),
  disconnect: jest.fn(async () => undefined),
  listTopics: jest.fn(async () => ['order-created']),
  describeCluster: jest.fn(async () => ({ brokers: [{ nodeId: 1 }, { nodeId: 2 }, { nodeId: 3 }] })),
  createTopics: jest.fn(async (_request: { topics: object[] }) => true),
};

jest.mock('kafkajs', () => ({
  ...jest.requireActual('kafkajs'),
  Kafka: jest.fn(() => ({ admin: () => mockAdmin })),
}));

describe(ensureTopics.name, () => {
  afterEach(() => jest.clearAllMocks());

  const created = () => mockAdmin.createTopics.mock.calls[0][0].topics;

  it('creates each missing topic with the partitions and replication factor it is given', async () => {
    const before = process.env.KAFKA_PARTITIONS;
    process.env.KAFKA_PARTITIONS = '9'; // ignored: the settings come from the validated config
    try {
      const names = await ensureTopics({
        connection: { brokers: ['b:9092'] },
        clientId: 'svc',
        partitions: 6,
        replicationFactor: 2,
      });

      expect(names).toEqual(allTopicNames().filter((t) => t !== 'order-created'));
      expect(created()).toHaveLength(names.length);
      for (const topic of created()) expect(topic).toMatchObject({ numPartitions: 6, replicationFactor: 2 });
      expect(mockAdmin.describeCluster).not.toHaveBeenCalled();
      expect(mockAdmin.disconnect).toHaveBeenCalled();
    } finally {
      if (before === undefined) delete process.env.KAFKA_PARTITIONS;
      else process.env.KAFKA_PARTITIONS = before;
    }
  });

  it('without a replication factor, gives three copies on a three-broker cluster, two of them needed in sync', async () => {
    await ensureTopics({ connection: { brokers: ['b:9092'] }, clientId: 'svc', partitions: 3 });

    for (const topic of created()) {
      expect(topic).toMatchObject({
        replicationFactor: 3,
        configEntries: [{ name: 'min.insync.replicas', value: '2' }],
      });
    }
  });

  it('creates nothing, and asks nothing of the cluster, when every topic exists', async () => {
    mockAdmin.listTopics.mockResolvedValueOnce(allTopicNames());

    expect(await ensureTopics({ connection: { brokers: ['b:9092'] }, clientId: 'svc', partitions: 3 })).toEqual([]);
    expect(mockAdmin.createTopics).not.toHaveBeenCalled();
    expect(mockAdmin.describeCluster).not.toHaveBeenCalled();
  });
});

describe(replicationFor.name, () => {
  it.each([
    [1, 1, 1],
    [2, 2, 1],
    [3, 3, 2],
    [5, 3, 2],
  ])('on %i broker(s): %i copies, %i in sync for a write', (brokers, copies, inSync) => {
    expect(replicationFor(brokers)).toBe(copies);
    expect(minInsyncReplicasFor(replicationFor(brokers))).toBe(inSync);
  });
});
