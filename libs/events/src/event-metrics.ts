import { Counter, Gauge, Histogram, register } from 'prom-client';

// Registered on prom-client's default registry; the service's /metrics merges it.
export const eventsProduced = new Counter({
  name: 'events_produced_total',
  help: 'Events published to Kafka, by topic',
  labelNames: ['topic'],
  registers: [register],
});

export const produceRequests = new Counter({
  name: 'kafka_produce_requests_total',
  help: 'Produce requests this service sent to Kafka (a batch of events is one)',
  registers: [register],
});

export const eventsConsumed = new Counter({
  name: 'events_consumed_total',
  help: 'Events handled by this service, by topic and outcome (processed, dead_lettered)',
  labelNames: ['topic', 'outcome'],
  registers: [register],
});

export const deadLettersWithoutValue = new Counter({
  name: 'dead_letters_without_value_total',
  help: 'Dead letters the broker refused whole (too large), written as a reference to the original instead, by topic and by what was written (reference, nothing). Alert on any',
  labelNames: ['topic', 'written'],
  registers: [register],
});

export const eventProcessingSeconds = new Histogram({
  name: 'event_processing_seconds',
  help: 'Time from receiving an event to finishing with it, by topic',
  labelNames: ['topic'],
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [register],
});

export const outboxPending = new Gauge({
  name: 'outbox_pending_messages',
  help: 'Events written to the outbox and not yet published, as of the last relay pass',
  registers: [register],
});
