import { Kafka } from 'kafkajs';
import { allTopicNames } from '../topics';
import { KafkaConnection, kafkaClientConfig } from './kafka.config';

export interface EnsureTopicsOptions {
  connection: KafkaConnection;
  clientId: string;
  /** At least the number of instances of one service that should share the work (KAFKA_PARTITIONS). */
  partitions: number;
  /** KAFKA_REPLICATION_FACTOR; unset, it follows the cluster (replicationFor). */
  replicationFactor?: number;
  /** The topics to make sure of; all the platform's by default (the topics job). */
  topics?: string[];
}

/** Three copies where the cluster has three brokers or more, else one per broker. */
export function replicationFor(brokers: number): number {
  return Math.max(1, Math.min(3, brokers));
}

/**
 * In-sync copies a write acknowledged by all (acks=all) needs: with three
 * copies, two, so that losing one broker neither loses an acknowledged
 * write nor stops the writes.
 */
export function minInsyncReplicasFor(replicationFactor: number): number {
  return replicationFactor >= 3 ? 2 : 1;
}

/**
 * Creates every topic asked for (by default, every platform topic) that does
 * not exist yet. Safe to run from several services at once: a topic that
 * already exists is left as it is. On a cluster with ACLs a service sees only
 * the topics it may use, and may create none: it asks for its own topics
 * (topicsUsedBy), which the topics job has made, so it creates nothing.
 */
export async function ensureTopics(opts: EnsureTopicsOptions): Promise<string[]> {
  const admin = new Kafka(kafkaClientConfig(`${opts.clientId}-admin`, opts.connection)).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = (opts.topics ?? allTopicNames()).filter((t) => !existing.has(t));
    if (missing.length > 0) {
      const replicationFactor =
        opts.replicationFactor ?? replicationFor((await admin.describeCluster()).brokers.length);
      const configEntries = [{ name: 'min.insync.replicas', value: String(minInsyncReplicasFor(replicationFactor)) }];
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: opts.partitions, replicationFactor, configEntries })),
      });
    }
    return missing;
  } finally {
    await admin.disconnect();
  }
}
