import { AsyncLocalStorage } from 'node:async_hooks';

export const CORRELATION_ID_HEADER = 'x-correlation-id';

const storage = new AsyncLocalStorage<{ correlationId: string }>();

/**
 * The correlation id of the work in progress: set from the HTTP request or the
 * Kafka header, read by the logger and by every event that work publishes.
 */
export const correlation = {
  run<T>(correlationId: string, fn: () => T): T {
    return storage.run({ correlationId }, fn);
  },
  id(): string | undefined {
    return storage.getStore()?.correlationId;
  },
};
