// The HTTP scenarios: the bare node:http ceiling, cached GET /products direct and through
// the gateway (same autocannon settings, alternating rounds), cache hit against miss, and
// the Redis GET ceiling.
import { cannon, oneAtATime } from './cannon.mjs';
import { bareServer, redisBenchmark, redisGets } from './ceilings.mjs';
import { BENCH_CLIENT, request, scrapeMetrics, sumSeries } from './http.mjs';
import { url } from './stack.mjs';
import { ratio, round } from './stats.mjs';

/** Hits and misses product-service's list cache counted while fn ran (null when /metrics did not answer). */
async function withCacheCounts(fn) {
  const count = async () => {
    try {
      const m = await scrapeMetrics(url('product-service'), 'cache_requests_total');
      return {
        hits: sumSeries(m, 'cache_requests_total', { cache: 'products', result: 'hit' }),
        misses: sumSeries(m, 'cache_requests_total', { cache: 'products', result: 'miss' }),
      };
    } catch {
      return null;
    }
  };
  const before = await count();
  const result = await fn();
  const after = await count();
  const cache =
    before && after && after.hits >= before.hits
      ? { hits: after.hits - before.hits, misses: after.misses - before.misses }
      : null;
  return { ...result, cache };
}

// A unique minPrice far below any price (0.0000011, 0.0000021, …): the same page as the
// default query, but a cache key of its own. (Creating the bench's products has already
// moved the list cache to a new generation, so no earlier run's entry can answer.)
let missCount = 0;
const missPath = () => `/products?minPrice=0.00000${++missCount}1`;

/**
 * CPU time of these processes per request answered, in ms, over the whole measured
 * window (warm-up included, as the sampler is): the cost of one request, whatever
 * else the machine did meanwhile.
 */
function cpuMsPerRequest(result, processes) {
  const answered = result.requests + result.warmupRequests;
  const busySeconds = processes.reduce(
    (sum, name) => sum + ((result.cpu.byProcess[name] ?? 0) / 100) * result.cpu.seconds,
    0,
  );
  return answered > 0 ? round((1000 * busySeconds) / answered, 3) : null;
}

/** `ctx`: { settings, log, cpu } of the run; `gateways`: the bench's gateway instances ({ name, url }). */
export async function httpScenarios({ settings, log, cpu }, api, gateways) {
  const gatewayUrl = gateways[0].url;
  const common = {
    connections: settings.connections,
    seconds: settings.httpSeconds,
    warmupSeconds: settings.warmupSeconds,
  };
  const page = await request('GET', `${api}/products`);
  if (page.status !== 200) throw new Error(`GET /api/products answered ${page.status}`);
  const xCache = (await request('GET', `${url('product-service')}/products`)).headers.get('x-cache');
  if (xCache === null) log('note: product-service sends no X-Cache header; hit/miss figures come from /metrics only');
  const body = page.text;

  // Bare, direct and gateway alternate for a few rounds and each keeps its best round:
  // other work on the machine can only slow a round down, so the best is the least disturbed.
  const bare = await bareServer(body);
  cpu.watch('bare-node-http', bare.pid);
  const rounds = { bare: [], direct: [], gateway: [] };
  try {
    for (let n = 1; n <= settings.rounds; n++) {
      log(`http: round ${n}/${settings.rounds}: bare node:http ceiling, direct product-service, gateway (cached)…`);
      rounds.bare.push(await cpu.measure(() => cannon({ url: bare.url, ...common })));
      rounds.direct.push(
        await withCacheCounts(() =>
          cpu.measure(() => cannon({ url: `${url('product-service')}/products`, ...common })),
        ),
      );
      rounds.gateway.push(
        await withCacheCounts(() =>
          cpu.measure(() => cannon({ url: `${gatewayUrl}/api/products`, headers: BENCH_CLIENT, ...common })),
        ),
      );
    }
  } finally {
    await bare.stop();
  }
  const best = (list) => ({
    ...list.reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a)),
    rounds: list.map((r) => r.requestsPerSecond),
  });
  const [bareResult, direct, gateway] = [best(rounds.bare), best(rounds.direct), best(rounds.gateway)];
  direct.cpuMsPerRequest = cpuMsPerRequest(direct, ['product-service']);
  gateway.cpuMsPerRequest = cpuMsPerRequest(gateway, [gateways[0].name, 'product-service']);

  // The same load spread over two gateway instances: the cache lives in Redis, so a second
  // instance serves hits at once and adds no coordination of its own.
  log('http: cached GET /api/products through two gateway instances…');
  const twoGateways = await cpu.measure(() =>
    cannon({ url: gateways.map((g) => `${g.url}/api/products`), headers: BENCH_CLIENT, ...common }),
  );
  twoGateways.cpuMsPerRequest = cpuMsPerRequest(twoGateways, [...gateways.map((g) => g.name), 'product-service']);

  log('http: one request at a time, cache hit then miss…');
  const oneHit = await withCacheCounts(() =>
    oneAtATime({ url: `${url('product-service')}/products`, seconds: settings.oneConnectionSeconds }),
  );
  const oneMiss = await withCacheCounts(() =>
    oneAtATime({ url: url('product-service'), path: missPath, seconds: settings.oneConnectionSeconds }),
  );
  log('http: direct product-service, cache misses under load…');
  const miss = await withCacheCounts(() =>
    cpu.measure(() => cannon({ url: url('product-service'), path: missPath, ...common })),
  );
  // Misses the load left queued keep the database busy after autocannon hangs up; one more
  // miss waits behind them, so what follows starts on a settled stack.
  const settled = performance.now();
  await request('GET', `${url('product-service')}${missPath()}`, { timeoutMs: 120_000 }).catch(() => undefined);
  miss.settleSeconds = round((performance.now() - settled) / 1000, 1);

  return {
    body,
    catalogTotal: Number(page.headers.get('x-total-count') ?? NaN) || null,
    http: {
      connections: settings.connections,
      seconds: settings.httpSeconds,
      warmupSeconds: settings.warmupSeconds,
      bare: bareResult,
      direct,
      gateway,
      twoGateways,
      miss,
      oneConnection: { seconds: settings.oneConnectionSeconds, hit: oneHit, miss: oneMiss },
      ratios: {
        gatewayVsBare: ratio(gateway.requestsPerSecond, bareResult.requestsPerSecond),
        gatewayVsDirect: ratio(gateway.requestsPerSecond, direct.requestsPerSecond),
        gatewayLatencyRatioP50: ratio(gateway.latencyMs.p50, direct.latencyMs.p50),
        directVsBare: ratio(direct.requestsPerSecond, bareResult.requestsPerSecond),
        twoGatewaysVsBare: ratio(twoGateways.requestsPerSecond, bareResult.requestsPerSecond),
        cacheSpeedupP50: ratio(oneMiss.latencyMs.p50, oneHit.latencyMs.p50, 1),
        cacheSpeedupThroughput: ratio(direct.requestsPerSecond, miss.requestsPerSecond, 1),
      },
    },
  };
}

export async function redisCeilings({ settings, log, quick }, body) {
  log('redis: GET ceiling…');
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const out = [await redisGets({ redisUrl, value: body, seconds: settings.redisSeconds })];
  const { hostname, port } = new URL(redisUrl);
  const tool = redisBenchmark({
    host: hostname,
    port: Number(port || 6379),
    valueBytes: Buffer.byteLength(body),
    requests: quick ? 20_000 : 100_000,
  });
  if (tool) out.push(tool);
  return out;
}
