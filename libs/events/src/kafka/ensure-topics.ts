import { Kafka } from 'kafkajs';
import { allTopicNames } from '../topics';
import { kafkaClientConfig } from './kafka.config';

export interface EnsureTopicsOptions {
  brokers: string[];
  clientId: string;
  /** At least the number of instances of one service that should share the work (KAFKA_PARTITIONS). */
  partitions: number;
  /** KAFKA_REPLICATION_FACTOR. */
  replicationFactor: number;
}

/**
 * Creates every platform topic that does not exist yet. Safe to run from
 * several services at once: a topic that already exists is left as it is.
 */
export async function ensureTopics(opts: EnsureTopicsOptions): Promise<string[]> {
  const { partitions, replicationFactor } = opts;
  const admin = new Kafka(kafkaClientConfig(`${opts.clientId}-admin`, opts.brokers)).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = allTopicNames().filter((t) => !existing.has(t));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor })),
      });
    }
    return missing;
  } finally {
    await admin.disconnect();
  }
}
