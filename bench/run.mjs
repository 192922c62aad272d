// `npm run bench [-- --quick] [-- --profile[=svc,...]]`: the speed of CommerceX on this
// machine, all scenarios in one run so that their ratios hold (SPEC §8, docs/PERFORMANCE.md).
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { targets } from './lib/analysis.mjs';
import { CpuSampler } from './lib/cpu.mjs';
import { dbProbe } from './lib/db-probe.mjs';
import { adminToken, customers, stockedProducts } from './lib/fixtures.mjs';
import { httpScenarios, redisCeilings } from './lib/http-scenarios.mjs';
import { orderFlow } from './lib/order-flow.mjs';
import { profiles } from './lib/profiles.mjs';
import { writeResults } from './lib/report.mjs';
import { NO_LIMIT, benchGateway, ensureStack, gatewayRateLimit } from './lib/stack.mjs';
import { round, sleep } from './lib/stats.mjs';

const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));

// A bare `--profile` means "the default services"; parseArgs wants a value, so give it an empty one.
const argv = process.argv.slice(2).map((a) => (a === '--profile' ? '--profile=' : a));
const USAGE =
  'usage: npm run bench [-- --quick] [--profile[=svc,…]] [--rates=5,25,…] [--connections=N] [--skip-orders]';
let args;
try {
  ({ values: args } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      profile: { type: 'string' }, // services to profile, comma-separated; `--profile=` alone picks defaults
      rates: { type: 'string' },
      connections: { type: 'string' },
      'skip-orders': { type: 'boolean', default: false },
    },
  }));
} catch (error) {
  console.error(`${error.message}\n${USAGE}`);
  process.exit(2);
}
const profileArg = args.profile;

const quick = args.quick;
const settings = {
  connections: Number(args.connections ?? 50),
  rounds: quick ? 2 : 3,
  httpSeconds: quick ? 5 : 15,
  warmupSeconds: quick ? 1 : 3,
  oneConnectionSeconds: quick ? 3 : 5,
  redisSeconds: quick ? 2 : 5,
  rates: (args.rates ?? '5,10,25,50,100,200').split(',').map(Number),
  orderSeconds: quick ? 8 : 20,
  drainSeconds: quick ? 10 : 30,
  warmupOrdersSeconds: quick ? 20 : 60,
  products: quick ? 10 : 20,
  customers: quick ? 20 : 50,
  profileSeconds: quick ? 8 : 15,
};

const started = Date.now();
const log = (message) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)}s] ${message}`);
const cleanups = [];
let interrupted = false;

async function cleanup() {
  while (cleanups.length)
    await cleanups
      .pop()()
      .catch((e) => console.error(`cleanup: ${e.message}`));
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n${signal}: stopping what the bench started…`);
    await cleanup();
    process.exit(130);
  });
}

const cpu = new CpuSampler({ bench: process.pid });
const ctx = { settings, quick, log, cpu, cleanups, resultsDir: RESULTS };

async function main() {
  const startedAt = new Date().toISOString();
  log(
    `bench ${quick ? '(quick) ' : ''}on ${cpus().length} cores; HTTP: ${settings.connections} connections × ${settings.httpSeconds} s`,
  );
  const stack = await ensureStack(log);
  const userLimit = await gatewayRateLimit();
  if (userLimit !== null && userLimit < Number(NO_LIMIT)) {
    log(
      `note: the running gateway limits each client to ${userLimit} requests per window; the bench uses its own gateway instance with ` +
        `RATE_LIMIT_MAX=${NO_LIMIT} and leaves yours untouched (to lift yours: stop it, then \`RATE_LIMIT_MAX=${NO_LIMIT} npm run service -- api-gateway\`)`,
    );
  }

  log('background: 3 s of CPU with no bench load…');
  const idle = cpu.take();
  await sleep(3_000);
  const background = cpu.between(idle, cpu.take());

  log('gateway: starting the bench instances (api-gateway-bench, api-gateway-bench2)…');
  const gateways = [await benchGateway('bench'), await benchGateway('bench2')];
  for (const g of gateways) cleanups.push(() => g.stop());
  const gw = gateways[0];
  const api = `${gw.url}/api`;
  log(`gateway: ${gateways.map((g) => g.url).join(', ')}`);

  log(`fixtures: ${settings.products} products, ${settings.customers} customers…`);
  const admin = await adminToken(api);
  const products = await stockedProducts(api, admin, { count: settings.products, stock: 100_000_000 });
  log('fixtures: products stocked; registering customers…');
  const tokens = await customers(api, settings.customers);

  const { body, catalogTotal, http } = await httpScenarios(ctx, api, gateways);
  const redis = await redisCeilings(ctx, body);

  let orders = { steps: [] };
  let probe = null;
  if (!args['skip-orders']) {
    probe = await dbProbe().catch((error) => ({ error: error.message }));
    try {
      orders = await orderFlow(ctx, api, tokens, products);
    } catch (error) {
      // Keep the HTTP figures: report the order flow as failed rather than losing the run.
      log(`orders: failed: ${error.message}`);
      orders = { steps: [], error: error.message };
    }
  }
  const at100 = orders.steps.find((s) => s.offeredPerSecond === 100);
  const at50 = orders.steps.find((s) => s.offeredPerSecond === 50);
  const best = orders.steps.reduce((max, s) => Math.max(max, s.confirmedPerSecond ?? 0), 0);
  // One order's cost, from the busiest step that refused none and settled every order: its idle share is the
  // smallest, and no refused request's work is charged to the accepted orders.
  const costed = orders.steps.filter((s) => s.perOrder && s.refused === 0).at(-1);

  let profileResults = [];
  if (profileArg !== undefined) {
    profileResults = await profiles(ctx, profileArg, {
      api,
      tokens,
      products,
      watcher: orders.watcher,
      stamp: startedAt.replace(/[:.]/g, '-'),
      steps: orders.steps,
    });
  }
  await cleanup();

  const results = {
    startedAt,
    durationSeconds: round((Date.now() - started) / 1000, 0),
    machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
    options: { quick, ...settings, profile: profileArg ?? null },
    background,
    stack: {
      startedByBench: stack.startedByBench,
      userGatewayRateLimit: userLimit,
      benchGateway: gw.url,
      catalogTotal,
      bodyBytes: Buffer.byteLength(body),
    },
    // Headline figures (SPEC §8): best confirmed orders/s, and p99 POST → CONFIRMED (ms) at 100 orders/s.
    ordersPerSecond: orders.steps.length ? best : null,
    p99: at100?.endToEndMs.p99 ?? null,
    http,
    ceilings: { bare: http.bare, redis },
    orders: {
      seconds: settings.orderSeconds,
      drainSeconds: settings.drainSeconds,
      customers: tokens.length,
      products: products.length,
      steps: orders.steps,
      skipped: orders.skipped ?? [],
      warmupUnsettled: orders.warmupUnsettled,
      error: orders.error,
      bestConfirmedPerSecond: orders.steps.length ? best : null,
      p99At50Ms: at50?.endToEndMs.p99 ?? null,
      costMeasuredAt: costed?.offeredPerSecond ?? null,
      cpuMsPerOrder: costed?.perOrder.cpuMsPerOrder ?? null,
      cpuMsPerOrderByProcess: costed?.perOrder.cpuMsPerOrderByProcess ?? null,
      dbCommandsPerOrder: costed?.perOrder.dbCommandsPerOrder ?? null,
      kafkaMessagesPerOrder: costed?.perOrder.kafkaMessagesPerOrder ?? null,
      kafkaProduceRequestsPerOrder: costed?.perOrder.kafkaProduceRequestsPerOrder ?? null,
      sustainedUpTo:
        orders.steps.filter((s) => s.sustained).reduce((m, s) => Math.max(m, s.offeredPerSecond), 0) || null,
    },
    dbProbe: probe,
    profiles: profileResults,
  };
  results.targets = targets(results);
  const files = writeResults(RESULTS, results);

  console.log('');
  for (const t of results.targets)
    console.log(
      `${t.met ? 'met   ' : 'MISSED'} ${t.figure}: ${t.shown} (target ${t.target})${t.gap ? ` — ${t.gap}` : ''}`,
    );
  console.log(
    `\nwrote ${files.json.slice(files.json.indexOf('bench/'))}, ${files.copy.slice(files.copy.indexOf('bench/'))}, ${files.md.slice(files.md.indexOf('bench/'))} in ${results.durationSeconds} s`,
  );
  if (profileArg === undefined) {
    console.log(
      'CPU profile of the bottleneck: npm run bench -- --quick --profile   (or --profile=order-service,api-gateway)',
    );
  }
}

try {
  await main();
  process.exit(0);
} catch (error) {
  console.error(`bench failed: ${error.stack ?? error.message}`);
  await cleanup();
  process.exit(1);
}
