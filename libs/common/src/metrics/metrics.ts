import { Histogram, collectDefaultMetrics, register } from 'prom-client';

/**
 * prom-client's default registry: the libs register their own metrics on it
 * (the events and caching libs) and /metrics serves it all.
 */
export const metrics = register;

let started = false;

export function startMetrics(service: string, instanceId?: string): void {
  if (started) return;
  started = true;
  metrics.setDefaultLabels(instanceId ? { service, instance: instanceId } : { service });
  collectDefaultMetrics();
}

export const httpRequestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request duration by method, route pattern and status',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
});
