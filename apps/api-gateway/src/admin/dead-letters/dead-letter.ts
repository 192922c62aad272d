import type { KafkaMessage } from 'kafkajs';
import { DLQ_HEADERS, DLQ_SUFFIX, TOPICS, deadLetterTopic } from '@app/events';

/** Every dead-letter topic: one per event topic. */
export const DLQ_TOPICS: readonly string[] = Object.values(TOPICS).map(deadLetterTopic).sort();

/**
 * A replay leaves a marker in the letter's own partition of the `.dlq` topic:
 * a message with these headers, naming the letter's offset. The topic itself
 * then says which letters are still waiting, to every gateway instance and
 * for as long as Kafka keeps the letter.
 */
export const REPLAY_HEADERS = {
  of: 'x-dlq-replay-of',
  at: 'x-dlq-replayed-at',
  to: 'x-dlq-replayed-to',
  by: 'x-dlq-replayed-by',
} as const;

/** The header a replayed message carries to its original topic: which letter it came from. */
export const REPLAYED_FROM_HEADER = 'x-dlq-replayed-from';

/** A message read from a `.dlq` topic. */
export interface RawLetter {
  topic: string;
  partition: number;
  message: KafkaMessage;
}

export interface DeadLetter {
  /** The `.dlq` topic, partition and offset: the letter's address. */
  topic: string;
  partition: number;
  offset: string;
  /** The topic it was consumed from, and replays to. */
  originalTopic: string;
  reason?: string;
  /** The consumer group that gave up on it. */
  consumer?: string;
  attempts?: number;
  failedAt?: string;
  key?: string;
  value?: string;
  /** Set once the letter was replayed. */
  replayedAt?: string;
}

export const text = (header: unknown): string | undefined => {
  if (header === undefined || header === null) return undefined;
  if (Array.isArray(header)) return text(header[0]);
  return Buffer.isBuffer(header) ? header.toString('utf8') : String(header);
};

/**
 * The letters among a `.dlq` partition's messages, each marked replayed when
 * a later replay marker names it, or when its offset is below `replayedBelow`
 * (what `npm run dlq -- replay --all` committed before markers existed).
 */
export function lettersOf(messages: readonly RawLetter[], replayedBelow = new Map<number, bigint>()): DeadLetter[] {
  const replays = new Map<string, string>();
  for (const { partition, message } of messages) {
    const of = text(message.headers?.[REPLAY_HEADERS.of]);
    if (of !== undefined) replays.set(`${partition}:${of}`, text(message.headers?.[REPLAY_HEADERS.at]) ?? '');
  }
  return messages
    .filter(({ message }) => text(message.headers?.[REPLAY_HEADERS.of]) === undefined)
    .map((raw) => {
      const letter = describe(raw);
      const marked = replays.get(`${raw.partition}:${raw.message.offset}`);
      if (marked !== undefined) letter.replayedAt = marked;
      else if (BigInt(raw.message.offset) < (replayedBelow.get(raw.partition) ?? 0n))
        letter.replayedAt = 'before markers';
      return letter;
    });
}

export function describe({ topic, partition, message }: RawLetter): DeadLetter {
  const h = message.headers ?? {};
  const attempts = text(h[DLQ_HEADERS.attempts]);
  const letter: DeadLetter = {
    topic,
    partition,
    offset: message.offset,
    originalTopic: originalTopicOf({ topic, partition, message }),
    reason: text(h[DLQ_HEADERS.reason]),
    consumer: text(h[DLQ_HEADERS.consumer]),
    attempts: attempts === undefined ? undefined : Number(attempts),
    failedAt: text(h[DLQ_HEADERS.failedAt]),
    key: text(message.key),
    value: text(message.value),
  };
  return Object.fromEntries(Object.entries(letter).filter(([, v]) => v !== undefined)) as unknown as DeadLetter;
}

export function originalTopicOf({ topic, message }: RawLetter): string {
  return text(message.headers?.[DLQ_HEADERS.originalTopic]) ?? topic.slice(0, -DLQ_SUFFIX.length);
}

/** The original message's headers, without the dead-letter ones, plus where the replay came from. */
export function replayHeaders({ topic, partition, message }: RawLetter): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const v = text(value);
    if (v !== undefined && !name.startsWith('x-dlq-')) headers[name] = v;
  }
  headers[REPLAYED_FROM_HEADER] = `${topic}:${partition}:${message.offset}`;
  return headers;
}
