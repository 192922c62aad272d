import { consumerLag } from '@app/events';
import { HttpResult } from './http';
import { kafkaClient } from './kafka';

export interface Answer {
  status: number;
  /** Milliseconds from sending to the answer, or to the client's 10 s timeout. */
  ms: number;
  retryAfter?: string | null;
  orderId?: string;
  timedOut?: boolean;
}

/**
 * Open-loop load: `send(n)` is called `rate` times a second for `seconds`,
 * whatever the answers, so a system past capacity meets the whole offered
 * rate instead of a client that slows down with it. Resolves when every
 * request has answered (or timed out).
 */
export async function offer(
  rate: number,
  seconds: number,
  send: (n: number) => Promise<HttpResult>,
): Promise<Answer[]> {
  const total = Math.round(rate * seconds);
  const pending: Promise<Answer>[] = [];
  const t0 = Date.now();
  while (pending.length < total) {
    const due = Math.min(total, Math.floor(((Date.now() - t0) * rate) / 1000) + 1);
    while (pending.length < due) {
      const n = pending.length;
      const sent = Date.now();
      pending.push(
        send(n).then(
          (res): Answer => ({
            status: res.status,
            ms: Date.now() - sent,
            retryAfter: res.headers.get('retry-after'),
            orderId: res.status === 201 ? res.body?._id : undefined,
          }),
          (): Answer => ({ status: 0, ms: Date.now() - sent, timedOut: true }),
        ),
      );
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  return Promise.all(pending);
}

/** Messages every service's consumer group has yet to process, over all its topics and partitions. */
export async function totalLag(groups: readonly string[]): Promise<number> {
  const admin = kafkaClient('e2e-lag').admin();
  await admin.connect();
  try {
    return (await consumerLag(admin, groups)).reduce((sum, p) => sum + p.lag, 0);
  } finally {
    await admin.disconnect();
  }
}

/** The p-th percentile (0–100) of `values`, nearest rank. */
export function percentile(values: number[], p: number): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
