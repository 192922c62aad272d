// Closed-loop HTTP load with autocannon: every HTTP scenario runs with the same
// connections and duration, so their throughputs and latencies compare.
import http from 'node:http';
import autocannon from 'autocannon';
import { percentiles, round } from './stats.mjs';

function fire(options) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
    instance.on('error', reject);
  });
}

/**
 * Runs `warmupSeconds` unmeasured, then `seconds` measured. `path(n)` makes the
 * n-th request's path (unique queries force cache misses); else `url` as is.
 */
export async function cannon({ url, path, connections, seconds, warmupSeconds = 1, headers }) {
  const options = { url, connections, headers, pipelining: 1 };
  if (path) {
    let n = 0;
    options.requests = [{ setupRequest: (req) => ({ ...req, path: path(n++) }) }];
  }
  const warmup = warmupSeconds > 0 ? await fire({ ...options, duration: warmupSeconds }) : null;
  const r = await fire({ ...options, duration: seconds });
  const non2xx = r.non2xx + r.errors + r.timeouts;
  return {
    requests: r.requests.total,
    // Served while the CPU sampler already ran (it covers the warm-up too): for CPU per request.
    warmupRequests: warmup?.requests.total ?? 0,
    requestsPerSecond: round(r.requests.total / seconds),
    latencyMs: {
      p50: round(r.latency.p50, 2),
      p90: round(r.latency.p90, 2),
      p99: round(r.latency.p99, 2),
      mean: round(r.latency.average, 2),
      max: round(r.latency.max, 2),
    },
    errors: { non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts },
    errorRate: r.requests.total ? round(non2xx / r.requests.total, 4) : null,
    bytesPerSecond: round(r.throughput.average, 0),
  };
}

/**
 * One request at a time for `seconds` over one kept-alive connection, timed to the
 * microsecond (autocannon's histogram counts whole milliseconds, too coarse for a
 * cache hit): what one client waits, without queueing behind others.
 */
export async function oneAtATime({ url, path, seconds }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const base = new URL(url);
  const get = (p) =>
    new Promise((resolve, reject) => {
      const req = http.get({ host: base.hostname, port: base.port, path: p, agent }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode, xCache: res.headers['x-cache'] }));
      });
      req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
      req.on('error', reject);
    });
  const times = [];
  const xCache = {};
  let failed = 0;
  const deadline = performance.now() + seconds * 1000;
  let n = 0;
  while (performance.now() < deadline) {
    const started = performance.now();
    try {
      const res = await get(path ? path(n++) : base.pathname + base.search);
      if (res.status >= 400) failed++;
      xCache[res.xCache ?? 'none'] = (xCache[res.xCache ?? 'none'] ?? 0) + 1;
    } catch {
      failed++;
    }
    times.push(performance.now() - started);
  }
  agent.destroy();
  const { p50, p90, p99 } = percentiles(times, [50, 90, 99], 3);
  return {
    requests: times.length,
    requestsPerSecond: round(times.length / seconds),
    latencyMs: {
      p50: round(p50, 2),
      p90: round(p90, 2),
      p99: round(p99, 2),
      mean: round(times.reduce((a, b) => a + b, 0) / times.length, 2),
    },
    errorRate: times.length ? round(failed / times.length, 4) : null,
    xCache,
  };
}
