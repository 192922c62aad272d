// The stack under test: reuse what runs (start it when it does not), and a gateway
// instance of the bench's own, so the per-client rate limit of the user's gateway
// neither throttles the bench nor has its buckets filled by it.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, isPortFree, isRunning, stopDaemon } from '../../scripts/lib/proc.mjs';
import { stackPids } from './cpu.mjs';
import { SERVICES, SERVICE_NAMES, instanceName } from '../../scripts/lib/services.mjs';
import { startService, waitHealthy } from '../../scripts/lib/stack.mjs';

export const NO_LIMIT = '100000000';
export const url = (service) => `http://127.0.0.1:${SERVICES[service].port}`;

async function ready(port) {
  try {
    return (await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(3000) })).ok;
  } catch {
    return false;
  }
}

/** The services whose /health/ready does not answer 200. */
export async function notReady() {
  const down = [];
  for (const service of SERVICE_NAMES) if (!(await ready(SERVICES[service].port))) down.push(service);
  return down;
}

/**
 * Uses the running stack. Starts it (scripts/start.mjs --detach, rate limit lifted)
 * only when none of it runs: when part of it runs, someone may be restarting a piece,
 * and a second start racing theirs could stop what they run; so the bench waits a
 * minute for it to come back, then says what is down and touches nothing.
 */
export async function ensureStack(log) {
  let down = await notReady();
  if (down.length === 0) return { startedByBench: false };
  const anyRunning = Object.keys(stackPids()).length > 0;
  if (!anyRunning) {
    log(`stack: not running; starting it with RATE_LIMIT_MAX=${NO_LIMIT}…`);
    const res = spawnSync(process.execPath, [join(ROOT, 'scripts/start.mjs'), '--detach'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, RATE_LIMIT_MAX: NO_LIMIT },
    });
    if (res.status !== 0) throw new Error('could not start the stack (see the output above)');
    return { startedByBench: true };
  }
  log(`stack: partly up (not ready: ${down.join(', ')}); waiting up to 60 s…`);
  const deadline = Date.now() + 60_000;
  while (down.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 2_000));
    down = await notReady();
  }
  if (down.length > 0) {
    throw new Error(
      `not ready after 60 s: ${down.join(', ')}. Start what is missing (\`npm run service -- <service>\`, or \`npm start -- --detach\`), then run the bench again`,
    );
  }
  return { startedByBench: false };
}

/** The user's gateway limit as it reports it (X-RateLimit-Limit), or null when it sends none. */
export async function gatewayRateLimit() {
  try {
    const res = await fetch(`${url('api-gateway')}/api/products?limit=1`, { signal: AbortSignal.timeout(5000) });
    const limit = res.headers.get('x-ratelimit-limit');
    return limit === null ? null : Number(limit);
  } catch {
    return null;
  }
}

async function freePort(from) {
  for (let port = from; port < from + 100; port++) if (await isPortFree(port)) return port;
  throw new Error(`no free port in ${from}..${from + 99}`);
}

/**
 * An extra instance of a service on a free port (`npm run service -- <svc> --port N --instance ID`
 * in effect), started fresh; returns { name, port, url, stop() }.
 */
export async function extraInstance(service, instanceId, { fromPort, env = {} }) {
  const name = instanceName(service, instanceId);
  if (isRunning(name)) await stopDaemon(name, { timeoutMs: 15_000 }); // left over by an interrupted run
  const port = await freePort(fromPort);
  await startService(service, { port, instanceId, env });
  await waitHealthy(name, port);
  return {
    name,
    port,
    url: `http://127.0.0.1:${port}`,
    stop: () => stopDaemon(name, { timeoutMs: 15_000 }),
  };
}

/**
 * Settings of the bench's gateway instances besides the user's: the rate limit lifted,
 * and X-Forwarded-For trusted so that the bench's requests count under BENCH_CLIENT.
 */
export const BENCH_GATEWAY_ENV = { RATE_LIMIT_MAX: NO_LIMIT, TRUST_PROXY: 'true' };

export function benchGateway(instanceId = 'bench') {
  return extraInstance('api-gateway', instanceId, { fromPort: 8100, env: BENCH_GATEWAY_ENV });
}
