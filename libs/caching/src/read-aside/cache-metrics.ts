import { Counter, register } from 'prom-client';

// Registered on prom-client's default registry, which every service's /metrics serves.
export const cacheRequests = new Counter({
  name: 'cache_requests_total',
  help: 'Read-aside cache lookups, by cache and result (hit, miss, bypass when Redis is unusable)',
  labelNames: ['cache', 'result'],
  registers: [register],
});

export const cacheLoads = new Counter({
  name: 'cache_loads_total',
  help: 'Loads that reached the source of truth after a miss or bypass, by cache',
  labelNames: ['cache'],
  registers: [register],
});

export const cacheInvalidations = new Counter({
  name: 'cache_invalidations_total',
  help: 'Generation bumps after a change, by result (ok, failed: retried as a flush of every entry)',
  labelNames: ['result'],
  registers: [register],
});
