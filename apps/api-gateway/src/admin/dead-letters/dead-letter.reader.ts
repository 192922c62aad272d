import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { GATEWAY_GROUP_PREFIX } from '@app/events';
import { AdminError, AdminErrorCode } from '../admin.error';
import { AdminKafka } from '../admin-kafka';
import { RawLetter } from './dead-letter';

/** At most this many of a partition's newest messages are read: a flood of letters cannot exhaust the gateway. */
export const READ_WINDOW = 1000;
const READ_TIMEOUT_MS = 15_000;

interface Range {
  topic: string;
  partition: number;
  start: bigint;
  high: bigint;
}

/**
 * Reads `.dlq` topics up to their current end, with one short-lived consumer
 * in a group of its own that commits nothing (kafkajs has no way to fetch
 * without a group).
 */
@Injectable()
export class DeadLetterReader {
  constructor(private readonly kafka: AdminKafka) {}

  /** The newest READ_WINDOW messages of each partition of these topics, oldest first, and whether older ones exist. */
  async read(topics: readonly string[]): Promise<{ messages: RawLetter[]; truncated: Set<string> }> {
    const ranges: Range[] = [];
    const truncated = new Set<string>();
    await this.kafka.withAdmin(async (admin) => {
      for (const topic of topics) {
        for (const { partition, low, high } of await admin.fetchTopicOffsets(topic)) {
          const end = BigInt(high);
          const start = end - BigInt(READ_WINDOW) > BigInt(low) ? end - BigInt(READ_WINDOW) : BigInt(low);
          if (start > BigInt(low)) truncated.add(topic);
          if (start < end) ranges.push({ topic, partition, start, high: end });
        }
      }
    });
    if (ranges.length === 0) return { messages: [], truncated };
    return { messages: await this.fetch(ranges), truncated };
  }

  private async fetch(ranges: Range[]): Promise<RawLetter[]> {
    const groupId = `${GATEWAY_GROUP_PREFIX}dlq-reader-${randomUUID()}`;
    const consumer = this.kafka.kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 100 });
    const waiting = new Set(ranges.map((r) => `${r.topic}:${r.partition}`));
    const messages: RawLetter[] = [];
    let timer: NodeJS.Timeout | undefined;
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [...new Set(ranges.map((r) => r.topic))], fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        timer = setTimeout(() => reject(new AdminError(AdminErrorCode.ReadTimedOut)), READ_TIMEOUT_MS);
        consumer.on(consumer.events.GROUP_JOIN, () => {
          for (const r of ranges) consumer.seek({ topic: r.topic, partition: r.partition, offset: String(r.start) });
        });
        consumer
          .run({
            autoCommit: false,
            eachMessage: async ({ topic, partition, message }) => {
              const range = ranges.find((r) => r.topic === topic && r.partition === partition);
              const offset = BigInt(message.offset);
              if (!range || offset < range.start || offset >= range.high) return;
              messages.push({ topic, partition, message });
              if (offset === range.high - 1n) waiting.delete(`${topic}:${partition}`);
              if (waiting.size === 0) resolve();
            },
          })
          .catch(reject);
      });
    } finally {
      clearTimeout(timer);
      await consumer.disconnect().catch(() => undefined);
      // An empty group would go by itself; deleting it keeps the group list readable. It may still be leaving: no matter.
      await this.kafka
        .withAdmin((admin) => admin.deleteGroups([groupId]).catch(() => undefined))
        .catch(() => undefined);
    }
    return messages.sort(
      (a, b) =>
        a.topic.localeCompare(b.topic) ||
        a.partition - b.partition ||
        Number(BigInt(a.message.offset) - BigInt(b.message.offset)),
    );
  }
}
