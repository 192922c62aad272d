import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per process: default Node metrics plus the platform's own. */
export const metrics = new Registry();

let started = false;

export function startMetrics(service: string, instanceId?: string): void {
  if (started) return;
  started = true;
  metrics.setDefaultLabels(instanceId ? { service, instance: instanceId } : { service });
  collectDefaultMetrics({ register: metrics });
}

export const httpRequestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request duration by method, route pattern and status',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [metrics],
});

export const eventsCounter = new Counter({
  name: 'events_total',
  help: 'Kafka events by topic and outcome (produced, consumed, dead_lettered)',
  labelNames: ['topic', 'outcome'],
  registers: [metrics],
});
