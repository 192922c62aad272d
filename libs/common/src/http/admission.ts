import { HttpException, HttpStatus } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';

const admitted = new Gauge({
  name: 'admission_in_flight',
  help: 'Requests inside an admission-controlled operation now',
  labelNames: ['operation'],
});
const refused = new Counter({
  name: 'admission_refused_total',
  help: 'Requests refused with 503 because an admission-controlled operation was at its limit',
  labelNames: ['operation'],
});

/** A 503 that tells the client when to come back (`Retry-After`, in seconds). */
export class OverloadedException extends HttpException {
  constructor(
    operation: string,
    readonly retryAfterSeconds: number,
  ) {
    super(
      {
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        message: `Too busy to ${operation} now; retry shortly`,
        error: 'Service Unavailable',
      },
      HttpStatus.SERVICE_UNAVAILABLE,
    );
  }
}

export interface AdmissionOptions {
  /** At most this many run at once. */
  limit: number;
  /** Refuse as well while this says the work behind the operation is backlogged. */
  backlogged?: () => boolean;
  retryAfterSeconds?: number;
}

/**
 * Bounded concurrency for one operation: at most `limit` run at once, and the
 * next one is refused at once with a 503 instead of queueing behind them; so
 * is every one while `backlogged()` says so. Past capacity, a fast refusal
 * costs the client a retry; a queue costs every request its latency, and then
 * its timeout.
 */
export class Admission {
  private inFlight = 0;
  private readonly retryAfterSeconds: number;

  constructor(
    private readonly operation: string,
    private readonly options: AdmissionOptions,
  ) {
    this.retryAfterSeconds = options.retryAfterSeconds ?? 1;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.inFlight >= this.options.limit || this.options.backlogged?.()) {
      refused.inc({ operation: this.operation });
      throw new OverloadedException(this.operation, this.retryAfterSeconds);
    }
    this.inFlight++;
    admitted.inc({ operation: this.operation });
    try {
      return await work();
    } finally {
      this.inFlight--;
      admitted.dec({ operation: this.operation });
    }
  }
}
