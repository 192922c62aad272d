import { KafkaEnv, loadEnv } from '@app/common';
import { allTopicNames, ensureTopics, parseBrokers } from '@app/events';

/**
 * A one-shot, not a service: creates every platform topic and its dead-letter
 * topic that does not exist yet, with KAFKA_PARTITIONS and
 * KAFKA_REPLICATION_FACTOR, and exits. The Helm chart's topics Job runs it
 * (SERVICE=kafka-topics in the one image) before the services start; they
 * make the same call at start-up, so it changes nothing that exists.
 */
async function main(): Promise<void> {
  const env = loadEnv(KafkaEnv);
  const created = await ensureTopics({
    brokers: parseBrokers(env.KAFKA_BROKERS),
    clientId: 'kafka-topics',
    partitions: env.KAFKA_PARTITIONS,
    replicationFactor: env.KAFKA_REPLICATION_FACTOR,
  });
  const message =
    created.length > 0
      ? `created ${created.length} of ${allTopicNames().length} topics (${env.KAFKA_PARTITIONS} partitions, replication factor ${env.KAFKA_REPLICATION_FACTOR}): ${created.join(', ')}`
      : `all ${allTopicNames().length} topics exist; nothing created`;
  console.log(JSON.stringify({ level: 'info', service: 'kafka-topics', message }));
}

main().catch((error: unknown) => {
  const reason = error instanceof Error ? error.message : String(error);
  console.error(
    JSON.stringify({ level: 'error', service: 'kafka-topics', message: `topic creation failed: ${reason}` }),
  );
  process.exit(1);
});
