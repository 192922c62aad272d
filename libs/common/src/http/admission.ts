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

/**
 * Bounded concurrency for one operation: at most `limit` run at once, and the
 * next one is refused at once with a 503 instead of queueing behind them.
 * Past capacity, a fast refusal costs the client a retry; a queue costs every
 * request its latency, and then its timeout.
 */
export class Admission {
  private inFlight = 0;

  constructor(
    private readonly operation: string,
    private readonly limit: number,
    private readonly retryAfterSeconds = 1,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.inFlight >= this.limit) {
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
