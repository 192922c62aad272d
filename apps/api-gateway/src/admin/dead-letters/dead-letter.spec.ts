import type { KafkaMessage } from 'kafkajs';
import { DLQ_HEADERS } from '@app/events';
import { REPLAYED_FROM_HEADER, REPLAY_HEADERS, RawLetter, lettersOf, replayHeaders } from './dead-letter';

const TOPIC = 'product-created.dlq';

function letter(partition: number, offset: number, headers: Record<string, string> = {}): RawLetter {
  const message = {
    offset: String(offset),
    key: Buffer.from(`key-${offset}`),
    value: Buffer.from('{"broken":true}'),
    headers: {
      [DLQ_HEADERS.reason]: 'stock must not be less than 0',
      [DLQ_HEADERS.originalTopic]: 'product-created',
      [DLQ_HEADERS.consumer]: 'inventory-service',
      [DLQ_HEADERS.attempts]: '0',
      'x-correlation-id': 'c-1',
      ...headers,
    },
  } as unknown as KafkaMessage;
  return { topic: TOPIC, partition, message };
}

function marker(partition: number, offset: number, of: number): RawLetter {
  const message = {
    offset: String(offset),
    key: null,
    value: Buffer.from('{}'),
    headers: { [REPLAY_HEADERS.of]: String(of), [REPLAY_HEADERS.at]: '2026-01-01T00:00:00.000Z' },
  } as unknown as KafkaMessage;
  return { topic: TOPIC, partition, message };
}

describe(lettersOf.name, () => {
  it('reads each letter with its reason and origin, and leaves the replay markers out', () => {
    const letters = lettersOf([letter(0, 0), letter(0, 1), marker(0, 2, 0)]);

    expect(letters).toHaveLength(2);
    expect(letters[1]).toEqual({
      topic: TOPIC,
      partition: 0,
      offset: '1',
      originalTopic: 'product-created',
      reason: 'stock must not be less than 0',
      consumer: 'inventory-service',
      attempts: 0,
      key: 'key-1',
      value: '{"broken":true}',
    });
  });

  it('marks a letter replayed only by a marker in its own partition naming its offset', () => {
    const letters = lettersOf([letter(0, 0), letter(1, 0), marker(1, 1, 0)]);

    expect(letters.map((l) => [l.partition, l.replayedAt])).toEqual([
      [0, undefined],
      [1, '2026-01-01T00:00:00.000Z'],
    ]);
  });

  it('counts letters below the old replayer group’s committed offset as replayed', () => {
    const letters = lettersOf([letter(0, 0), letter(0, 1)], new Map([[0, 1n]]));

    expect(letters.map((l) => l.replayedAt === undefined)).toEqual([false, true]);
  });
});

describe(replayHeaders.name, () => {
  it('keeps the original headers, drops the dead-letter ones and says where the replay came from', () => {
    expect(replayHeaders(letter(2, 7))).toEqual({
      'x-correlation-id': 'c-1',
      [REPLAYED_FROM_HEADER]: `${TOPIC}:2:7`,
    });
  });
});
