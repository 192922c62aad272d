/** The headers a dead letter carries besides the original message's: why, from where, and when. */
export const DLQ_HEADERS = {
  reason: 'x-dlq-reason',
  originalTopic: 'x-dlq-original-topic',
  partition: 'x-dlq-original-partition',
  offset: 'x-dlq-original-offset',
  attempts: 'x-dlq-attempts',
  consumer: 'x-dlq-consumer',
  failedAt: 'x-dlq-failed-at',
  /**
   * Set when the letter could not be written whole (larger than the `.dlq`
   * topic takes): its value and the original headers are left out, and the
   * original stays on its topic at the partition and offset given.
   */
  omitted: 'x-dlq-omitted',
} as const;
