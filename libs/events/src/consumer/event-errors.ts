/** The headers a dead letter carries besides the original message's: why, from where, and when. */
export const DLQ_HEADERS = {
  reason: 'x-dlq-reason',
  originalTopic: 'x-dlq-original-topic',
  partition: 'x-dlq-original-partition',
  offset: 'x-dlq-original-offset',
  attempts: 'x-dlq-attempts',
  consumer: 'x-dlq-consumer',
  failedAt: 'x-dlq-failed-at',
} as const;
