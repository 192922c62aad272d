import { CORRELATION_ID_HEADER, MONGO_ID_PATTERN, JsonSchema, nestedClasses, validationSchema } from '@app/common';
import { DLQ_HEADERS } from '../consumer/event-errors';
import { EVENT_CLASSES, EventTopic } from '../contracts/event-map';
import { TOPIC_FLOW } from '../contracts/topic-flow';
import { deadLetterTopic } from '../topics';

const SCHEMAS = '#/components/schemas/';
const DEAD_LETTER = 'DeadLetter';

/** What every event message carries in its Kafka headers. */
const EVENT_HEADERS: JsonSchema = {
  type: 'object',
  properties: {
    [CORRELATION_ID_HEADER]: {
      type: 'string',
      description:
        'The request or event this one follows from; consumers restore it, so the events they cause carry it on',
    },
    traceparent: {
      type: 'string',
      pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$',
      description: 'W3C trace context of the producer span; a consumer span continues the trace',
    },
    tracestate: { type: 'string', description: 'W3C trace state, when the trace has one' },
  },
};

/** A dead letter: the original message's headers, plus why and where it came from. */
const DEAD_LETTER_HEADERS: JsonSchema = {
  type: 'object',
  required: Object.values(DLQ_HEADERS),
  properties: {
    ...EVENT_HEADERS.properties,
    [DLQ_HEADERS.reason]: {
      type: 'string',
      description: 'Validation messages, or the error code or message of the handler',
    },
    [DLQ_HEADERS.originalTopic]: { type: 'string' },
    [DLQ_HEADERS.partition]: { type: 'string', pattern: '^[0-9]+$' },
    [DLQ_HEADERS.offset]: { type: 'string', pattern: '^[0-9]+$' },
    [DLQ_HEADERS.attempts]: {
      type: 'string',
      pattern: '^[0-9]+$',
      description: 'Handler runs before giving up; 0 for a payload that never validated',
    },
    [DLQ_HEADERS.consumer]: { type: 'string', description: 'The consumer group that gave up on it' },
    [DLQ_HEADERS.failedAt]: { type: 'string', format: 'date-time' },
    'x-dlq-replayed-from': {
      type: 'string',
      description:
        'Set by `npm run dlq -- replay` on a letter sent back to its topic: <dlq topic>:<partition>:<offset>',
    },
  },
};

const messageName = (topic: EventTopic) => EVENT_CLASSES[topic].name;

/**
 * The AsyncAPI 3.0 document of every event, generated from @app/events: the
 * payload classes (their class-validator rules as JSON Schema, the same
 * converter as the HTTP API's OpenAPI document), the topics with their keys,
 * producers and consumer groups (TOPIC_FLOW), the headers, and each topic's
 * dead-letter topic.
 */
export function asyncApiDocument(): Record<string, unknown> {
  const topics = Object.keys(EVENT_CLASSES) as EventTopic[];
  const schemas: Record<string, JsonSchema> = { EventHeaders: EVENT_HEADERS, DeadLetterHeaders: DEAD_LETTER_HEADERS };
  const messages: Record<string, unknown> = {};
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};

  for (const topic of topics) {
    const cls = EVENT_CLASSES[topic];
    const flow = TOPIC_FLOW[topic];
    const name = messageName(topic);
    schemas[name] = validationSchema(cls, SCHEMAS);
    for (const nested of nestedClasses(cls)) schemas[nested.name] ??= validationSchema(nested, SCHEMAS);
    messages[name] = {
      name,
      title: topic,
      summary: firstLine(cls),
      contentType: 'application/json',
      headers: { $ref: `${SCHEMAS}EventHeaders` },
      payload: { $ref: `${SCHEMAS}${name}` },
      bindings: { kafka: { key: { type: 'string', pattern: MONGO_ID_PATTERN, description: `the ${flow.key}` } } },
    };
    channels[topic] = {
      address: topic,
      title: topic,
      description: `Published by ${flow.producer}; consumed by ${flow.consumers.join(', ')}. Key: the ${flow.key}.`,
      messages: { [name]: { $ref: `#/components/messages/${name}` } },
    };
    const dlq = deadLetterTopic(topic);
    channels[dlq] = {
      address: dlq,
      title: dlq,
      description: `Messages of ${topic} that a consumer could not process (invalid, refused for good, or failing after its retries), with the original key, value and headers; listed and replayed with \`npm run dlq\`.`,
      messages: { [DEAD_LETTER]: { $ref: `#/components/messages/${DEAD_LETTER}` } },
    };
    const own = { $ref: `#/channels/${topic}/messages/${name}` };
    operations[`${flow.producer}.publish.${topic}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${topic}` },
      summary: `${flow.producer} publishes ${topic} through its outbox`,
      messages: [own],
    };
    for (const consumer of flow.consumers) {
      operations[`${consumer}.consume.${topic}`] = {
        action: 'receive',
        channel: { $ref: `#/channels/${topic}` },
        summary: `${consumer} consumes ${topic} (consumer group ${consumer})`,
        messages: [own],
        bindings: { kafka: { groupId: { type: 'string', enum: [consumer] } } },
      };
      operations[`${consumer}.dead-letter.${topic}`] = {
        action: 'send',
        channel: { $ref: `#/channels/${dlq}` },
        summary: `${consumer} dead-letters what it cannot process of ${topic}`,
        messages: [{ $ref: `#/channels/${dlq}/messages/${DEAD_LETTER}` }],
      };
    }
  }
  messages[DEAD_LETTER] = {
    name: DEAD_LETTER,
    title: 'dead letter',
    summary: 'A message a consumer gave up on: the original value (any JSON, even one that failed validation) and key',
    contentType: 'application/json',
    headers: { $ref: `${SCHEMAS}DeadLetterHeaders` },
    payload: {},
  };

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'CommerceX events',
      version: '1.0.0',
      description:
        'Every Kafka topic of CommerceX, generated from @app/events. Each event carries eventId, version and occurredAt; consumers validate it against the same rules and skip an eventId their group already processed.',
    },
    defaultContentType: 'application/json',
    servers: {
      local: {
        host: '127.0.0.1:9092',
        protocol: 'kafka',
        description: 'The local broker of `npm start` (KAFKA_BROKERS elsewhere)',
      },
    },
    channels,
    operations,
    components: { schemas, messages },
  };
}

/** The class's doc comment is not kept at run time; its name says what it is. */
function firstLine(cls: Function): string {
  return cls.name
    .replace(/Event$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}
