import { HttpStatus } from '@nestjs/common';

/**
 * What a rule failure means on each side: the HTTP status a request gets,
 * and, for an event, whether retrying can help. `dead-letter`: the event can
 * never succeed (a rule says no), so it goes to `<topic>.dlq` at once with
 * the code as the reason. `retry`: a passing condition, retried with backoff.
 */
export interface ErrorRule {
  status: HttpStatus;
  message: string;
  event: 'dead-letter' | 'retry';
}

/**
 * The one error model. Each service lists its codes once, with their rule
 * (`defineErrors`), and throws `new XServiceError(code, detail)`. The global
 * HttpErrorFilter turns any ServiceError into `{statusCode, message, error,
 * code}`; EventConsumer dead-letters or retries it by the same rule.
 */
export class ServiceError extends Error {
  constructor(
    readonly code: string,
    readonly rule: ErrorRule,
    detail?: string,
    /** When the caller may try again, sent as Retry-After. */
    readonly retryAfterSeconds?: number,
  ) {
    super(detail ? `${rule.message} (${detail})` : rule.message);
    this.name = 'ServiceError';
  }
}

/**
 * A service's error class for its table of codes: `new OrderServiceError(OrderErrorCode.NotFound, id)`.
 * A code missing from the table does not compile.
 */
export function defineErrors<C extends string>(name: string, rules: Record<C, ErrorRule>) {
  return class extends ServiceError {
    static readonly rules = rules;

    constructor(
      override readonly code: C,
      detail?: string,
      retryAfterSeconds?: number,
    ) {
      super(code, rules[code], detail, retryAfterSeconds);
      this.name = name;
    }
  };
}
