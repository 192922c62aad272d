import { Counter, Gauge, register } from 'prom-client';

export const retentionRemoved = new Counter({
  name: 'retention_removed_total',
  help: 'Documents the retention job deleted, or outbox messages it cleared (`<collection>.outbox`), by collection',
  labelNames: ['collection'],
  registers: [register],
});

export const retentionLastSuccess = new Gauge({
  name: 'retention_last_success_timestamp_seconds',
  help: 'When the retention job last finished a batch of this collection without an error (Unix seconds)',
  labelNames: ['collection'],
  registers: [register],
});

export const retentionPassSeconds = new Gauge({
  name: 'retention_pass_duration_seconds',
  help: 'How long the last retention pass took, over every collection',
  registers: [register],
});
