import { randomUUID } from 'node:crypto';
import {
  ConfigResourceTypes,
  Consumer,
  IHeaders,
  Kafka,
  KafkaConfig,
  KafkaMessage,
  Producer,
  SASLOptions,
  logLevel,
} from 'kafkajs';
import { localKafkaEnv } from './processes';

/**
 * How a test signs in to Kafka as `principal`: on the local stack with the
 * password `npm start` made for it (.infra/secrets); on an external Kafka
 * (KAFKA_BROKERS set) with KAFKA_SASL_*, if any. The tests' tools are the
 * admin, as an operator's would be; security tests sign in as a service.
 */
export function kafkaCredentials(principal = 'admin'): SASLOptions | undefined {
  if (process.env.KAFKA_BROKERS) {
    const mechanism = process.env.KAFKA_SASL_MECHANISM;
    if (!mechanism) return undefined;
    return {
      mechanism,
      username: process.env.KAFKA_SASL_USERNAME ?? '',
      password: process.env.KAFKA_SASL_PASSWORD ?? '',
    } as SASLOptions;
  }
  const env = localKafkaEnv(principal);
  if (!env.KAFKA_SASL_PASSWORD)
    throw new Error(`no local Kafka password for ${principal} in .infra/secrets (is the stack started?)`);
  return { mechanism: 'scram-sha-256', username: principal, password: env.KAFKA_SASL_PASSWORD };
}

export const kafkaBrokers = (): string[] => (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

/** A kafkajs client for a test, signed in as `principal` (admin by default). */
export function kafkaClient(clientId: string, config: Partial<KafkaConfig> = {}, principal = 'admin'): Kafka {
  return new Kafka({
    clientId,
    brokers: kafkaBrokers(),
    logLevel: logLevel.NOTHING,
    sasl: kafkaCredentials(principal),
    ...config,
  });
}

/** The tests' own client, made on first use (after global setup has made the stack's secrets). */
let shared: Kafka | undefined;
const kafka = (): Kafka => (shared ??= kafkaClient('e2e'));

export interface SeenMessage {
  topic: string;
  key: string | undefined;
  value: string;
  headers: Record<string, string>;
}

function decode(topic: string, message: KafkaMessage): SeenMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {}))
    if (value !== undefined) headers[name] = String(value);
  return { topic, key: message.key?.toString(), value: message.value?.toString() ?? '', headers };
}

let producer: Producer | undefined;

/** Publishes a message as any service would (JSON object values are serialised). */
export async function produce(topic: string, value: unknown, key: string, headers: IHeaders = {}): Promise<void> {
  if (!producer) {
    producer = kafka().producer({ allowAutoTopicCreation: false });
    await producer.connect();
  }
  await producer.send({
    topic,
    messages: [{ key, value: typeof value === 'string' ? value : JSON.stringify(value), headers }],
  });
}

/**
 * Runs `fn` with these settings added to a topic's own (as `kafka-configs --alter`
 * would), then puts the topic's settings back as they were. The legacy
 * AlterConfigs call replaces a topic's whole dynamic set, so it is read first.
 */
export async function withTopicConfig<T>(
  topic: string,
  entries: Record<string, string>,
  fn: () => Promise<T>,
): Promise<T> {
  const admin = kafka().admin();
  await admin.connect();
  const resource = { type: ConfigResourceTypes.TOPIC, name: topic };
  const alter = (configEntries: Array<{ name: string; value: string }>) =>
    admin.alterConfigs({ validateOnly: false, resources: [{ ...resource, configEntries }] });
  try {
    const described = await admin.describeConfigs({ includeSynonyms: false, resources: [resource] });
    const DYNAMIC_TOPIC_CONFIG = 1;
    const own = described.resources[0].configEntries
      .filter((e) => e.configSource === DYNAMIC_TOPIC_CONFIG)
      .map((e) => ({ name: e.configName, value: e.configValue }));
    await alter([
      ...own.filter((e) => !(e.name in entries)),
      ...Object.entries(entries).map(([name, value]) => ({ name, value })),
    ]);
    try {
      return await fn();
    } finally {
      await alter(own);
    }
  } finally {
    await admin.disconnect();
  }
}

export async function disconnectProducer(): Promise<void> {
  await producer?.disconnect();
  producer = undefined;
}

/**
 * Records every message that reaches the given topics from the moment it has
 * joined, for asserting on events the services publish.
 */
export class TopicWatcher {
  readonly seen: SeenMessage[] = [];
  private consumer?: Consumer;

  static async start(topics: string[]): Promise<TopicWatcher> {
    const watcher = new TopicWatcher();
    await watcher.begin(topics);
    return watcher;
  }

  private async begin(topics: string[]): Promise<void> {
    this.consumer = kafka().consumer({ groupId: `e2e-watch-${randomUUID()}`, sessionTimeout: 10_000 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: false });
    const joined = new Promise<void>((resolve) => this.consumer!.on(this.consumer!.events.GROUP_JOIN, () => resolve()));
    await this.consumer.run({ eachMessage: async ({ topic, message }) => void this.seen.push(decode(topic, message)) });
    await joined;
  }

  async waitFor(
    predicate: (m: SeenMessage) => boolean,
    { timeoutMs = 20_000, what = 'message' } = {},
  ): Promise<SeenMessage> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = this.seen.find(predicate);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no ${what} within ${timeoutMs} ms; saw ${this.seen.length} message(s)`);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
