import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@app/auth';
import { LEGACY_REPLAYER_GROUP } from '@app/events';
import { AdminError, AdminErrorCode } from '../admin.error';
import { AdminKafka } from '../admin-kafka';
import {
  DLQ_TOPICS,
  DeadLetter,
  REPLAY_HEADERS,
  RawLetter,
  describe,
  lettersOf,
  originalTopicOf,
  replayHeaders,
} from './dead-letter';
import { DeadLetterReader } from './dead-letter.reader';

/** The consumer group in which the first `npm run dlq -- replay --all` kept its progress: letters below it were replayed. */

export type LetterState = 'pending' | 'all';

export interface DeadLetterTopic {
  topic: string;
  originalTopic: string;
  /** Letters not replayed yet. */
  pending: number;
  replayed: number;
  /** Only the newest letters of each partition were read (READ_WINDOW). */
  truncated: boolean;
  letters: DeadLetter[];
}

export interface Replayed {
  letter: DeadLetter;
  /** The topic it was sent back to. */
  to: string;
  /** Whether it went back with a corrected value. */
  fixed: boolean;
}

/**
 * The dead letters of every `.dlq` topic, and their replay: the one
 * implementation behind the admin API, the operator console and `npm run dlq`.
 * A replay sends the letter back to its original topic (every consumer group
 * of that topic gets it again; each skips an event it has processed), then
 * marks it in the `.dlq` partition so it leaves the pending list.
 */
@Injectable()
export class DeadLettersService {
  constructor(
    private readonly kafka: AdminKafka,
    private readonly reader: DeadLetterReader,
  ) {}

  async list(topic: string | undefined, state: LetterState): Promise<DeadLetterTopic[]> {
    const topics = topic ? [this.known(topic)] : [...DLQ_TOPICS];
    const { messages, truncated } = await this.reader.read(topics);
    const replayedBelow = await this.legacyProgress(topics);
    return topics.map((t) => {
      const letters = lettersOf(
        messages.filter((m) => m.topic === t),
        replayedBelow.get(t),
      );
      const pending = letters.filter((l) => l.replayedAt === undefined);
      return {
        topic: t,
        originalTopic: t.slice(0, -'.dlq'.length),
        pending: pending.length,
        replayed: letters.length - pending.length,
        truncated: truncated.has(t),
        letters: (state === 'pending' ? pending : letters).sort(newestFirst),
      };
    });
  }

  /** Replays one letter, with `value` in place of its payload when given (a fixed event). */
  async replayOne(
    by: AuthUser,
    topic: string,
    partition: number,
    offset: string,
    value?: Record<string, unknown>,
  ): Promise<Replayed> {
    this.known(topic);
    const { messages } = await this.reader.read([topic]);
    const raw = messages.find((m) => m.partition === partition && m.message.offset === offset);
    const letter =
      raw &&
      lettersOf(messages, (await this.legacyProgress([topic])).get(topic)).find(
        (l) => l.partition === partition && l.offset === offset,
      );
    if (!raw || !letter) {
      throw new AdminError(AdminErrorCode.LetterNotFound, `${topic} partition ${partition} offset ${offset}`);
    }
    if (letter.replayedAt !== undefined) {
      throw new AdminError(
        AdminErrorCode.AlreadyReplayed,
        `${topic} partition ${partition} offset ${offset}, at ${letter.replayedAt}`,
      );
    }
    return this.send(by, raw, value === undefined ? undefined : JSON.stringify(value));
  }

  /** Replays every letter of the topic that is still pending, as it is. */
  async replayPending(by: AuthUser, topic: string): Promise<Replayed[]> {
    this.known(topic);
    const { messages } = await this.reader.read([topic]);
    const pending = new Set(
      lettersOf(messages, (await this.legacyProgress([topic])).get(topic))
        .filter((l) => l.replayedAt === undefined)
        .map((l) => `${l.partition}:${l.offset}`),
    );
    const replayed: Replayed[] = [];
    for (const raw of messages.filter((m) => pending.has(`${m.partition}:${m.message.offset}`))) {
      replayed.push(await this.send(by, raw));
    }
    return replayed;
  }

  private async send(by: AuthUser, raw: RawLetter, value?: string): Promise<Replayed> {
    const to = originalTopicOf(raw);
    const at = new Date().toISOString();
    await this.kafka.withProducer(async (producer) => {
      await producer.send({
        topic: to,
        messages: [{ key: raw.message.key, value: value ?? raw.message.value, headers: replayHeaders(raw) }],
      });
      // Sent first, marked second: a crash between the two leaves the letter pending, and replaying it again
      // does no harm (every handler skips an event it has processed).
      await producer.send({
        topic: raw.topic,
        messages: [
          {
            partition: raw.partition,
            key: raw.message.key,
            value: JSON.stringify({
              replayOf: { partition: raw.partition, offset: raw.message.offset },
              to,
              at,
              fixed: value !== undefined,
            }),
            headers: {
              [REPLAY_HEADERS.of]: raw.message.offset,
              [REPLAY_HEADERS.at]: at,
              [REPLAY_HEADERS.to]: to,
              [REPLAY_HEADERS.by]: by.userId,
            },
          },
        ],
      });
    });
    return { letter: { ...describe(raw), replayedAt: at }, to, fixed: value !== undefined };
  }

  private known(topic: string): string {
    if (!DLQ_TOPICS.includes(topic)) {
      throw new AdminError(AdminErrorCode.UnknownTopic, `${topic}; dead-letter topics are ${DLQ_TOPICS.join(', ')}`);
    }
    return topic;
  }

  private async legacyProgress(topics: string[]): Promise<Map<string, Map<number, bigint>>> {
    const committed = await this.kafka.withAdmin((admin) =>
      admin.fetchOffsets({ groupId: LEGACY_REPLAYER_GROUP, topics }),
    );
    return new Map(
      committed.map(({ topic, partitions }) => [
        topic,
        new Map(partitions.filter((p) => Number(p.offset) >= 0).map((p) => [p.partition, BigInt(p.offset)])),
      ]),
    );
  }
}

/** Across partitions, by when the consumer gave up on it; within one, by offset. */
function newestFirst(a: DeadLetter, b: DeadLetter): number {
  return (b.failedAt ?? '').localeCompare(a.failedAt ?? '') || Number(BigInt(b.offset) - BigInt(a.offset));
}
