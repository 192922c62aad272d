// `npm run dlq -- list [<topic>.dlq]` and `npm run dlq -- replay <topic>.dlq (--all | --partition P --offset O [--value JSON])`.
//
// A dead letter keeps the original key, value and headers, plus x-dlq-* headers
// saying why, from where and by whom it was dead-lettered. Replay sends it back
// to its original topic: `--all` replays every letter not replayed yet (progress
// is kept in the consumer group `dlq-replayer`), `--partition/--offset` replays
// one letter, with `--value` replacing its payload when the letter needed fixing.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import kafkajs from 'kafkajs';
import { external as externalKafka, localUrl as localKafka } from './lib/infra/kafka.mjs';
import { fail } from './lib/proc.mjs';

const { Kafka, logLevel } = kafkajs;
const DLQ_SUFFIX = '.dlq';
const REPLAYER_GROUP = 'dlq-replayer';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    all: { type: 'boolean', default: false },
    partition: { type: 'string' },
    offset: { type: 'string' },
    value: { type: 'string' },
  },
});
const [command, topicArg] = positionals;
// The local broker, or every node of a local cluster (a replay must not depend on one node being up).
const brokers = (externalKafka() ?? localKafka()).split(',');
const kafka = new Kafka({ clientId: 'dlq-cli', brokers, logLevel: logLevel.NOTHING, retry: { retries: 2 } });

const text = (header) => (header === undefined ? undefined : Buffer.isBuffer(header) ? header.toString() : String(header));

/** Every message of a topic from the given offsets (default: the beginning) up to its current end. */
async function readTopic(topic, { fromOffsets } = {}) {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const letters = [];
  for (const { partition, high } of ends) {
    const start = BigInt(fromOffsets?.get(partition) ?? '0');
    if (start >= BigInt(high)) continue;
    const consumer = kafka.consumer({ groupId: `dlq-cli-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic });
    await new Promise((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition: p, message }) => {
            if (p !== partition) return;
            if (BigInt(message.offset) >= start) letters.push({ topic, partition: p, message });
            if (BigInt(message.offset) >= BigInt(high) - 1n) resolve();
          },
        })
        .catch(reject);
      consumer.on(consumer.events.GROUP_JOIN, () => consumer.seek({ topic, partition, offset: String(start) }));
    });
    await consumer.disconnect();
  }
  return letters;
}

function describe({ topic, partition, message }) {
  const h = message.headers ?? {};
  return {
    dlq: topic,
    partition,
    offset: message.offset,
    originalTopic: text(h['x-dlq-original-topic']),
    reason: text(h['x-dlq-reason']),
    consumer: text(h['x-dlq-consumer']),
    attempts: Number(text(h['x-dlq-attempts'])),
    failedAt: text(h['x-dlq-failed-at']),
    key: text(message.key),
    value: text(message.value),
  };
}

async function dlqTopics() {
  const admin = kafka.admin();
  await admin.connect();
  const topics = (await admin.listTopics()).filter((t) => t.endsWith(DLQ_SUFFIX)).sort();
  await admin.disconnect();
  return topics;
}

async function replay(letters, valueOverride) {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  for (const letter of letters) {
    const h = letter.message.headers ?? {};
    const headers = Object.fromEntries(
      Object.entries(h)
        .filter(([name]) => !name.startsWith('x-dlq-'))
        .map(([name, v]) => [name, text(v)]),
    );
    headers['x-dlq-replayed-from'] = `${letter.topic}:${letter.partition}:${letter.message.offset}`;
    const original = text(h['x-dlq-original-topic']) ?? letter.topic.slice(0, -DLQ_SUFFIX.length);
    await producer.send({
      acks: -1, // all in-sync replicas, as the services send
      topic: original,
      messages: [{ key: letter.message.key, value: valueOverride ?? letter.message.value, headers }],
    });
    console.log(JSON.stringify({ replayed: describe(letter), to: original }));
  }
  await producer.disconnect();
}

async function main() {
  if (command === 'list') {
    const topics = topicArg ? [topicArg] : await dlqTopics();
    let count = 0;
    for (const topic of topics) {
      for (const letter of await readTopic(topic)) {
        console.log(JSON.stringify(describe(letter)));
        count++;
      }
    }
    console.error(`${count} dead letter(s) in ${topics.length} topic(s)`);
    return;
  }
  if (command === 'replay' && topicArg?.endsWith(DLQ_SUFFIX)) {
    if (values.all) {
      const admin = kafka.admin();
      await admin.connect();
      const committed = await admin.fetchOffsets({ groupId: REPLAYER_GROUP, topics: [topicArg] });
      const from = new Map(committed[0].partitions.map((p) => [p.partition, p.offset === '-1' ? '0' : p.offset]));
      const letters = await readTopic(topicArg, { fromOffsets: from });
      await replay(letters);
      const next = new Map(letters.map((l) => [l.partition, (BigInt(l.message.offset) + 1n).toString()]));
      if (next.size) {
        await admin.setOffsets({
          groupId: REPLAYER_GROUP,
          topic: topicArg,
          partitions: [...next].map(([partition, offset]) => ({ partition, offset })),
        });
      }
      await admin.disconnect();
      console.error(`${letters.length} dead letter(s) replayed`);
      return;
    }
    if (values.partition !== undefined && values.offset !== undefined) {
      const partition = Number(values.partition);
      const letters = (await readTopic(topicArg, { fromOffsets: new Map([[partition, values.offset]]) })).filter(
        (l) => l.partition === partition && l.message.offset === values.offset,
      );
      if (letters.length === 0) fail(`no dead letter at ${topicArg} partition ${partition} offset ${values.offset}`, 'see `npm run dlq -- list`');
      if (values.value !== undefined) {
        try {
          JSON.parse(values.value);
        } catch {
          fail('--value must be JSON', "quote it for the shell, e.g. --value '{\"eventId\":\"…\"}'");
        }
      }
      await replay(letters, values.value);
      return;
    }
  }
  fail(
    'usage: npm run dlq -- list [<topic>.dlq] | replay <topic>.dlq (--all | --partition P --offset O [--value JSON])',
    'dead-letter topics are named after the topic they come from, e.g. payment-completed.dlq',
  );
}

main().catch((error) => fail(error.message, `is Kafka reachable at ${brokers.join(',')}? (KAFKA_BROKERS)`));
