import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka } from 'kafkajs';
import { KafkaEnv, loadEnv } from '@app/common';
import { allTopicNames, applyKafkaGrants, ensureTopics, kafkaClientConfig, kafkaConnection } from '@app/events';

/**
 * A one-shot, not a service, run with an admin principal's credentials:
 * creates every platform topic and its dead-letter topic that does not exist
 * yet, with KAFKA_PARTITIONS and KAFKA_REPLICATION_FACTOR; on a cluster it
 * signs in to (KAFKA_SASL_*), also grants each service's principal its ACLs
 * (libs/events/src/kafka/kafka-acls.ts); and exits. `npm start` runs it
 * before the services, and the Helm chart's topics Job (SERVICE=kafka-topics
 * in the one image) too. It changes nothing that exists.
 */
/** How long a cluster that has just started may take to place its internal topics and leaders. */
const SETTLE_MS = 90_000;

async function main(): Promise<void> {
  const env = loadEnv(KafkaEnv);
  const connection = kafkaConnection(env);
  const created = await untilSettled(() =>
    ensureTopics({
      connection,
      clientId: 'kafka-topics',
      partitions: env.KAFKA_PARTITIONS,
      replicationFactor: env.KAFKA_REPLICATION_FACTOR,
    }),
  );
  log(
    created.length > 0
      ? `created ${created.length} of ${allTopicNames().length} topics (${env.KAFKA_PARTITIONS} partitions, replication factor ${env.KAFKA_REPLICATION_FACTOR ?? 'by cluster size'}): ${created.join(', ')}`
      : `all ${allTopicNames().length} topics exist; nothing created`,
  );
  if (!connection.sasl) return;
  const granted = await untilSettled(async () => {
    const admin = new Kafka(kafkaClientConfig('kafka-topics-admin', connection)).admin();
    await admin.connect();
    try {
      return await applyKafkaGrants(admin);
    } finally {
      await admin.disconnect();
    }
  });
  log(`${granted} ACLs in place for the services' principals`);
}

/**
 * Runs `step` again while it fails, with backoff, for up to SETTLE_MS: a
 * freshly formatted cluster answers "This server does not host this
 * topic-partition" and the like while it elects its first leaders. What is
 * wrong for longer (a refused sign-in, a broker that is not there) fails the
 * job with the last error.
 */
async function untilSettled<T>(step: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + SETTLE_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (Date.now() >= deadline || /SASL|authenticat|authoriz/i.test(reason)) throw error;
      log(`attempt ${attempt} failed (${reason}); trying again`);
      await sleep(Math.min(500 * 2 ** (attempt - 1), 5_000));
    }
  }
}

function log(message: string): void {
  console.log(JSON.stringify({ level: 'info', service: 'kafka-topics', message }));
}

main().catch((error: unknown) => {
  const reason = error instanceof Error ? error.message : String(error);
  console.error(JSON.stringify({ level: 'error', service: 'kafka-topics', message: `topic set-up failed: ${reason}` }));
  process.exit(1);
});
