import { Admin } from 'kafkajs';
import { kafkaClient } from './kafka';
import { runNode } from './processes';

/** The local Kafka's bootstrap list for a cluster of `count` nodes, as scripts/lib/infra/kafka.mjs lays it out. */
export async function localBrokers(count: number): Promise<string[]> {
  const res = await runNode(
    ['-e', "import('./scripts/lib/infra/kafka.mjs').then((k) => console.log(k.external() ?? k.localUrl()))"],
    { env: { ...process.env, KAFKA_BROKER_COUNT: String(count) } },
  );
  if (res.code !== 0) throw new Error(`could not lay out a ${count}-broker cluster: ${res.stderr}`);
  return res.stdout.trim().split(',');
}

export function clusterAdmin(brokers: string[]): Admin {
  return kafkaClient('e2e-cluster', {
    brokers,
    connectionTimeout: 1000,
    retry: { initialRetryTime: 100, retries: 3 },
  }).admin();
}

export interface PartitionState {
  topic: string;
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
}

/** Leader, replicas and in-sync replicas of every partition of the topics, as the cluster tells now. */
export async function partitionStates(admin: Admin, topics: string[]): Promise<PartitionState[]> {
  const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
  return metadata.flatMap(({ name, partitions }) =>
    partitions.map((p) => ({
      topic: name,
      partition: p.partitionId,
      leader: p.leader,
      replicas: p.replicas,
      isr: p.isr,
    })),
  );
}

/**
 * The longest stretch within [from, to) in which nothing settled, given the
 * times (ms) orders settled: from `from` to the first settlement, between two,
 * and from the last to `to`.
 */
export function longestGap(times: number[], from: number, to: number): number {
  const inside = times.filter((t) => t >= from && t < to).sort((a, b) => a - b);
  const marks = [from, ...inside, to];
  return Math.max(...marks.slice(1).map((t, i) => t - marks[i]));
}

/** The size of the local Kafka cluster when all of it runs, else 0. */
export async function runningClusterSize(): Promise<number> {
  const res = await runNode([
    '-e',
    "import('./scripts/lib/infra/kafka.mjs').then((k) => console.log(k.running() ? k.brokerCount() : 0))",
  ]);
  if (res.code !== 0) throw new Error(`could not ask scripts/lib/infra for Kafka's state: ${res.stderr}`);
  return Number(res.stdout.trim());
}
