// What each saga consumer spent per event, from the services' own /metrics
// (event_processing_seconds): with one message at a time per consumer, a stage
// can handle at most about 1000 / (mean ms) events per second.
import { scrapeMetrics } from './http.mjs';
import { round } from './stats.mjs';
import { url } from './stack.mjs';

const CONSUMERS = ['order-service', 'payment-service', 'inventory-service', 'notification-service'];

export async function sagaSnapshot() {
  const snap = {};
  await Promise.all(
    CONSUMERS.map(async (service) => {
      try {
        snap[service] = await scrapeMetrics(url(service), 'event_processing_seconds_');
        Object.assign(snap[service], await scrapeMetrics(url(service), 'outbox_pending_messages'));
      } catch {
        snap[service] = {};
      }
    }),
  );
  return snap;
}

/** Per "service ← topic": events handled in the window, and mean ms per event. */
export function sagaDelta(before, after, seconds) {
  const out = {};
  for (const service of CONSUMERS) {
    const a = before[service] ?? {};
    const b = after[service] ?? {};
    for (const [series, count] of Object.entries(b)) {
      const m = /^event_processing_seconds_count\{(.*)\}$/.exec(series);
      if (!m) continue;
      const topic = /topic="([^"]+)"/.exec(m[1])?.[1];
      const events = count - (a[series] ?? 0);
      if (!topic || events <= 0) continue;
      const sumSeries = `event_processing_seconds_sum{${m[1]}}`;
      const secs = (b[sumSeries] ?? 0) - (a[sumSeries] ?? 0);
      out[`${service} ← ${topic}`] = {
        events,
        perSecond: round(events / seconds),
        meanMs: round((1000 * secs) / events, 2),
      };
    }
    const pending =
      b.outbox_pending_messages ?? Object.entries(b).find(([k]) => k.startsWith('outbox_pending_messages'))?.[1];
    if (pending !== undefined) out[`${service} outbox pending`] = pending;
  }
  return out;
}
