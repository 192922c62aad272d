import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ClientKafka } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { CORRELATION_ID_HEADER } from '@app/common';
import { eventsProduced, produceRequests } from './event-metrics';
import { ACKS_ALL } from './kafka/kafka.config';
import { ProducerSpan, producerSpan } from './kafka/trace-context';

export const EVENTS_CLIENT = Symbol('EVENTS_CLIENT');

/** An event as the outbox stored it, ready to publish. */
export interface OutgoingEvent {
  topic: string;
  event: object;
  key: string;
  correlationId?: string;
  /** Where the event was written, in a trace: its producer span's parent. */
  traceparent?: string;
}

export interface RawMessage {
  key?: string | null;
  value: string;
  headers: Record<string, string>;
}

/**
 * The service's Kafka producer. No service publishes an event itself: an
 * event leaves through its document's outbox (outboxMessage(), type-checked
 * against the topic), which the OutboxRelay hands to publishAll(); send() is
 * for dead letters and their replay.
 */
@Injectable()
export class EventPublisher implements OnApplicationShutdown {
  constructor(@Inject(EVENTS_CLIENT) private readonly client: ClientKafka) {}

  /**
   * Several events in one produce request, resolving once every in-sync
   * replica has acknowledged all of them (acks=all). Each partition receives its events in the order
   * given (the producer is idempotent, one request in flight).
   */
  async publishAll(events: OutgoingEvent[]): Promise<void> {
    if (events.length === 0) return;
    const byTopic = new Map<string, RawMessage[]>();
    const spans: ProducerSpan[] = [];
    for (const { topic, event, key, correlationId, traceparent } of events) {
      const eventId = (event as { eventId?: string }).eventId;
      const span = producerSpan(
        { topic, key, eventId, traceparent },
        correlationId ? { [CORRELATION_ID_HEADER]: correlationId } : {},
      );
      spans.push(span);
      const messages = byTopic.get(topic) ?? byTopic.set(topic, []).get(topic)!;
      messages.push({ key, value: JSON.stringify(event), headers: span.headers });
    }
    try {
      const producer = await this.client.connect();
      produceRequests.inc();
      await producer.sendBatch({
        acks: ACKS_ALL,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
    } catch (error) {
      for (const span of spans) span.end(error);
      await this.dropProducer();
      throw error;
    }
    for (const span of spans) span.end();
    for (const [topic, messages] of byTopic) eventsProduced.inc({ topic }, messages.length);
  }

  /**
   * After a failed send the next one starts on a new producer (a new
   * producer id, sequence numbers from 0). kafkajs's idempotent producer
   * keeps the sequence numbers of a batch it gave up on; once a partition's
   * leader has moved (a broker lost), the new leader refuses every later
   * batch of that producer with OUT_OF_ORDER_SEQUENCE_NUMBER, for good, and
   * the outbox would never drain (found by test/replicated-kafka-faults).
   * The batch retried on the new producer may repeat one the broker had
   * taken: consumers drop the repeat by eventId.
   */
  private async dropProducer(): Promise<void> {
    await this.client.close().catch(() => undefined);
  }

  /** A message as it is, for dead letters and their replay. */
  async send(topic: string, message: RawMessage): Promise<void> {
    produceRequests.inc();
    await lastValueFrom(this.client.emit(topic, message), { defaultValue: undefined });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
