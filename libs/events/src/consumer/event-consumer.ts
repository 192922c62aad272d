import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { KafkaContext } from '@nestjs/microservices';
import { CORRELATION_ID_HEADER, ServiceError, correlation } from '@app/common';
import { EventMap, EventTopic } from '../contracts/event-map';
import { InvalidEventError, parseEvent } from '../contracts/parse-event';
import { EventPublisher } from '../event-publisher';
import { deadLettersWithoutValue, eventProcessingSeconds, eventsConsumed } from '../event-metrics';
import { inConsumerSpan } from '../kafka/trace-context';
import { deadLetterTopic } from '../topics';
import { DLQ_HEADERS } from './event-errors';

export const CONSUMER_NAME = Symbol('CONSUMER_NAME');
/** The RetryPolicy from the validated config (EVENT_RETRY_ATTEMPTS, EVENT_RETRY_BASE_MS). */
export const RETRY_POLICY = Symbol('RETRY_POLICY');

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
}

type Handler<T extends EventTopic> = (event: EventMap[T]) => Promise<unknown>;

/**
 * The one way an event handler runs (`@OnEvent` calls it): validate, run with
 * bounded retries and backoff, and send what cannot be processed to
 * `<topic>.dlq` with the reason. A redelivery runs the handler again: every
 * handler is idempotent by its own unique key (docs/EVENTS.md lists each), so
 * a record of processed events would cost two database commands per event
 * and decide nothing. A
 * ServiceError whose rule says `dead-letter` goes there at once; any other
 * failure is retried. It never throws
 * for a bad message, so kafkajs commits the offset and the partition moves on;
 * it throws only when even the dead letter cannot be written, so that Kafka
 * redelivers instead of losing the message.
 */
@Injectable()
export class EventConsumer {
  private readonly logger = new Logger(EventConsumer.name);

  constructor(
    @Inject(CONSUMER_NAME) private readonly consumer: string,
    private readonly publisher: EventPublisher,
    @Inject(RETRY_POLICY) private readonly retry: RetryPolicy,
  ) {}

  consume<T extends EventTopic>(
    topic: T,
    value: unknown,
    kafkaContext: unknown,
    handler: Handler<T>,
    retry: RetryPolicy = this.retry,
  ): Promise<void> {
    // Typed `unknown` because that is how Nest types an @EventPattern handler's extra arguments.
    if (!(kafkaContext instanceof KafkaContext))
      throw new TypeError('EventConsumer.consume needs the KafkaContext (@Ctx())');
    const context = kafkaContext;
    const message = context.getMessage();
    const headers = textHeaders(message.headers);
    const correlationId = headers[CORRELATION_ID_HEADER] ?? randomUUID();
    const consumed = {
      topic,
      partition: context.getPartition(),
      offset: message.offset,
      key: message.key?.toString(),
      group: this.consumer,
      headers,
    };
    return correlation.run(correlationId, () =>
      inConsumerSpan(consumed, async () => {
        const stopTimer = eventProcessingSeconds.startTimer({ topic });
        try {
          await this.process(topic, value, context, handler, retry);
        } finally {
          stopTimer();
        }
      }),
    );
  }

  private async process<T extends EventTopic>(
    topic: T,
    value: unknown,
    context: KafkaContext,
    handler: Handler<T>,
    retry: RetryPolicy,
  ): Promise<void> {
    let event: EventMap[T];
    try {
      event = parseEvent(topic, value);
    } catch (error) {
      if (!(error instanceof InvalidEventError)) throw error;
      return this.deadLetter(topic, value, context, error.message, 0);
    }
    const meta = { topic, eventId: event.eventId, orderId: (event as { orderId?: string }).orderId };

    for (let attempt = 1; ; attempt++) {
      try {
        await handler(event);
        break;
      } catch (error) {
        const reason =
          error instanceof ServiceError
            ? `${error.code}: ${error.message}`
            : error instanceof Error
              ? error.message
              : String(error);
        const permanent = error instanceof ServiceError && error.rule.event === 'dead-letter';
        if (permanent || attempt >= retry.attempts) {
          return this.deadLetter(topic, value, context, reason, attempt);
        }
        this.logger.warn({ message: `handler failed, retrying: ${reason}`, attempt, ...meta });
        await sleep(retry.baseDelayMs * 2 ** (attempt - 1));
        await context.getHeartbeat()();
      }
    }

    eventsConsumed.inc({ topic, outcome: 'processed' });
    this.logger.log({ message: 'event processed', ...meta });
  }

  /**
   * Writes the message to `<topic>.dlq` with why, where from and when. A letter
   * the broker refuses for its size would be refused on every redelivery too,
   * and hold its partition forever: it goes as a reference instead (no value,
   * none of the original headers; the original stays on its topic at that
   * offset), counted in dead_letters_without_value_total. Any other failure
   * throws, so that Kafka redelivers and nothing is lost.
   */
  private async deadLetter(topic: EventTopic, value: unknown, context: KafkaContext, reason: string, attempts: number) {
    const message = context.getMessage();
    const where = {
      [DLQ_HEADERS.reason]: reason.slice(0, 1000),
      [DLQ_HEADERS.originalTopic]: topic,
      [DLQ_HEADERS.partition]: String(context.getPartition()),
      [DLQ_HEADERS.offset]: String(message.offset),
      [DLQ_HEADERS.attempts]: String(attempts),
      [DLQ_HEADERS.consumer]: this.consumer,
      [DLQ_HEADERS.failedAt]: new Date().toISOString(),
    };
    const key = message.key?.toString() ?? null;
    const letter = { key, value: typeof value === 'string' ? value : JSON.stringify(value) };
    const dlq = deadLetterTopic(topic);
    try {
      await this.publisher.send(dlq, { ...letter, headers: { ...textHeaders(message.headers), ...where } });
    } catch (error) {
      if (!tooLarge(error)) throw error;
      const bytes = Buffer.byteLength(letter.value);
      const headers = { ...where, [DLQ_HEADERS.omitted]: `value (${bytes} bytes) and original headers` };
      try {
        await this.publisher.send(dlq, { key, value: '', headers });
        deadLettersWithoutValue.inc({ topic, written: 'reference' });
      } catch (again) {
        if (!tooLarge(again)) throw again;
        deadLettersWithoutValue.inc({ topic, written: 'nothing' });
        this.logger.error({ message: `dead letter not written, even as a reference: ${reason}`, ...where });
      }
    }
    eventsConsumed.inc({ topic, outcome: 'dead_lettered' });
    this.logger.error({ message: `event dead-lettered: ${reason}`, topic, attempts, offset: message.offset });
  }
}

/** Kafka refused the message for its size: a permanent refusal, whatever the retries. */
function tooLarge(error: unknown): boolean {
  for (let e = error as { type?: string; cause?: unknown; originalError?: unknown } | undefined; e;) {
    if (e.type === 'MESSAGE_TOO_LARGE' || e.type === 'RECORD_LIST_TOO_LARGE') return true;
    e = (e.cause ?? e.originalError) as typeof e;
  }
  return false;
}

/** A Kafka message's headers as text, one value each (the first of a repeated header). */
function textHeaders(raw: Record<string, unknown> | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, header] of Object.entries(raw ?? {})) {
    const text = headerValue(header);
    if (text !== undefined) headers[name] = text;
  }
  return headers;
}

function headerValue(header: unknown): string | undefined {
  if (header === undefined || header === null) return undefined;
  if (Array.isArray(header)) return headerValue(header[0]);
  return Buffer.isBuffer(header) ? header.toString('utf8') : String(header);
}
