// Kafka as the bench sees it: the moment each order's outcome event appears (to
// timestamp CONFIRMED without polling every order), and consumer-group lag per
// saga stage (to see where a backlog builds up).
import { randomUUID } from 'node:crypto';
import kafkajs from 'kafkajs';
import { localKafkaAccess } from '../../scripts/lib/secrets.mjs';

const { Kafka, logLevel } = kafkajs;

export const brokers = () => (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim());

/** Who consumes what on the way from POST to CONFIRMED (docs/EVENTS.md). */
export const SAGA_STAGES = [
  { group: 'payment-service', topic: 'order-created' },
  { group: 'inventory-service', topic: 'order-paid' },
  { group: 'order-service', topic: 'payment-completed' },
  { group: 'order-service', topic: 'inventory-reserved' },
  { group: 'notification-service', topic: 'payment-completed' },
  { group: 'notification-service', topic: 'order-confirmed' },
];

/** Signed in as the local admin (its password from .infra/secrets), or as an external Kafka's KAFKA_SASL_* say. */
function sasl() {
  const env = { ...process.env, ...localKafkaAccess('admin') };
  if (!env.KAFKA_SASL_MECHANISM) return undefined;
  return { mechanism: env.KAFKA_SASL_MECHANISM, username: env.KAFKA_SASL_USERNAME, password: env.KAFKA_SASL_PASSWORD };
}

const kafka = () =>
  new Kafka({ clientId: 'commercex-bench', brokers: brokers(), sasl: sasl(), logLevel: logLevel.NOTHING });

/**
 * Records when each order-confirmed / order-cancelled message arrives
 * (performance.now(), the clock the load generator stamps sends with).
 * Resolves once the consumer has joined its own fresh group.
 */
export async function outcomeWatcher() {
  const groupId = `commercex-bench-${randomUUID()}`;
  const client = kafka();
  const consumer = client.consumer({ groupId, sessionTimeout: 10_000, maxWaitTimeInMs: 100 });
  const outcomes = new Map(); // orderId -> { status, at }
  await consumer.connect();
  await consumer.subscribe({ topics: ['order-confirmed', 'order-cancelled'], fromBeginning: false });
  const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      const at = performance.now();
      let orderId = message.key?.toString();
      if (!orderId) {
        try {
          orderId = JSON.parse(message.value.toString()).orderId;
        } catch {
          return;
        }
      }
      if (!outcomes.has(orderId))
        outcomes.set(orderId, { status: topic === 'order-confirmed' ? 'CONFIRMED' : 'CANCELLED', at });
    },
  });
  await joined;
  return {
    outcomes,
    async stop() {
      await consumer.disconnect().catch(() => undefined);
      const admin = client.admin();
      try {
        await admin.connect();
        await admin.deleteGroups([groupId]);
      } catch {
        // an empty group expires by itself
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    },
  };
}

/** Messages each saga consumer group has yet to process, by "group ← topic". */
export async function sagaLag() {
  const admin = kafka().admin();
  await admin.connect();
  try {
    const ends = {};
    for (const topic of new Set(SAGA_STAGES.map((s) => s.topic))) {
      ends[topic] = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
    }
    const lag = {};
    for (const group of new Set(SAGA_STAGES.map((s) => s.group))) {
      const topics = SAGA_STAGES.filter((s) => s.group === group).map((s) => s.topic);
      for (const { topic, partitions } of await admin.fetchOffsets({ groupId: group, topics })) {
        let behind = 0;
        for (const { partition, offset } of partitions) {
          const committed = Number(offset);
          const end = ends[topic].get(partition) ?? 0;
          behind += committed < 0 ? end : Math.max(0, end - committed);
        }
        lag[`${group} ← ${topic}`] = behind;
      }
    }
    return lag;
  } finally {
    await admin.disconnect();
  }
}
