/**
 * Thrown by a handler for an event that can never succeed (a rule says no,
 * not a passing fault): it goes to the dead-letter topic without retries.
 */
export class PermanentEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentEventError';
  }
}

export const DLQ_HEADERS = {
  reason: 'x-dlq-reason',
  originalTopic: 'x-dlq-original-topic',
  partition: 'x-dlq-original-partition',
  offset: 'x-dlq-original-offset',
  attempts: 'x-dlq-attempts',
  consumer: 'x-dlq-consumer',
  failedAt: 'x-dlq-failed-at',
} as const;
