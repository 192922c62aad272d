import { Context, ROOT_CONTEXT, Span, SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';

/**
 * Kafka spans, made by our two messaging primitives rather than an
 * instrumentation: the outbox relay publishes long after (and in batches
 * across) the requests that wrote its events, so the producer span must take
 * its parent from the `traceparent` stored with each outbox message, not from
 * whatever is running when the relay sends. Names and attributes follow
 * OpenTelemetry's messaging conventions (`send <topic>`, `process <topic>`).
 */
const tracer = trace.getTracer('@app/events');

type Headers = Record<string, string>;

/** The W3C traceparent of the work in progress, to store with an outbox message; undefined when not tracing. */
export function currentTraceparent(): string | undefined {
  const carrier: Headers = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

function parentOf(traceparent?: string): Context {
  return traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent }) : context.active();
}

export interface ProducerSpan {
  /** The message's headers with this span's context in them (traceparent, tracestate). */
  headers: Headers;
  end(error?: unknown): void;
}

/** A PRODUCER span for one message, child of the work that wrote it (its stored traceparent). */
export function producerSpan(
  message: { topic: string; key?: string | null; eventId?: string; traceparent?: string },
  headers: Headers,
): ProducerSpan {
  const span = tracer.startSpan(
    `send ${message.topic}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'send',
        'messaging.operation.name': 'send',
        'messaging.destination.name': message.topic,
        ...(message.key ? { 'messaging.kafka.message.key': message.key } : {}),
        ...(message.eventId ? { 'messaging.message.id': message.eventId } : {}),
      },
    },
    parentOf(message.traceparent),
  );
  const withContext = { ...headers };
  propagation.inject(trace.setSpan(ROOT_CONTEXT, span), withContext);
  return { headers: withContext, end: (error) => endSpan(span, error) };
}

export interface ConsumedMessage {
  topic: string;
  partition: number;
  offset: string;
  key?: string;
  group: string;
  headers: Headers;
}

/** Runs `work` in a CONSUMER span, child of the producer span whose context the message carries. */
export function inConsumerSpan<T>(message: ConsumedMessage, work: (span: Span) => Promise<T>): Promise<T> {
  const parent = propagation.extract(ROOT_CONTEXT, message.headers);
  const span = tracer.startSpan(
    `process ${message.topic}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.operation.name': 'process',
        'messaging.destination.name': message.topic,
        'messaging.destination.partition.id': String(message.partition),
        'messaging.kafka.offset': Number(message.offset),
        'messaging.consumer.group.name': message.group,
        ...(message.key ? { 'messaging.kafka.message.key': message.key } : {}),
      },
    },
    parent,
  );
  return context.with(trace.setSpan(parent, span), async () => {
    try {
      const result = await work(span);
      endSpan(span);
      return result;
    } catch (error) {
      endSpan(span, error);
      throw error;
    }
  });
}

function endSpan(span: Span, error?: unknown): void {
  if (error !== undefined) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
  }
  span.end();
}
