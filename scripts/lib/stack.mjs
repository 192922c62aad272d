// Builds and runs the seven Nest services on top of the local (or external) infra.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { infraEnv, traceUiUrl } from './infra/index.mjs';
import { InfraError, ROOT, RUN_DIR, isPortFree, isRunning, startDaemon, stopDaemon, waitFor } from './proc.mjs';
import { localKafkaAccess, localSecrets } from './secrets.mjs';
import { SERVICES, SERVICE_NAMES, instanceName } from './services.mjs';

export const LOG_DIR = join(ROOT, 'logs');
const HEALTH_TIMEOUT_MS = Number(process.env.HEALTH_TIMEOUT_MS ?? 120_000);

function run(command, args, what) {
  const res = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (res.error?.code === 'ENOENT')
    throw new InfraError(`${command} is not installed`, `install it, then run the command again (${what})`);
  if (res.status !== 0) throw new InfraError(`${what} failed (exit ${res.status})`, 'see the output above');
}

/** `npm ci` when node_modules is missing or older than package-lock.json. */
export function ensureDependencies() {
  const marker = join(ROOT, 'node_modules/.package-lock.json');
  const lock = join(ROOT, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  console.log('deps: installing with npm ci…');
  run('npm', ['ci', '--no-audit', '--no-fund'], 'npm ci');
}

export function buildApps(names = SERVICE_NAMES) {
  console.log(`build: ${names.length === SERVICE_NAMES.length ? 'all services' : names.join(', ')}…`);
  const args = names.length === SERVICE_NAMES.length ? ['--all'] : names;
  run(process.execPath, [join(ROOT, 'node_modules/@nestjs/cli/bin/nest.js'), 'build', ...args], 'nest build');
}

/** Starts one instance of a service as a background process; returns its daemon name. */
export async function startService(service, { port = SERVICES[service].port, instanceId, env = {} } = {}) {
  const name = instanceName(service, instanceId);
  const entry = join(ROOT, 'dist/apps', service, 'main.js');
  if (!existsSync(entry))
    throw new InfraError(`${service} is not built (${entry} is missing)`, `run: npx nest build ${service}`);
  if (isRunning(name)) return name;
  if (!(await isPortFree(port))) {
    throw new InfraError(
      `port ${port} for ${name} is already in use by another process`,
      `stop that process (e.g. \`ss -ltnp | grep :${port}\`), or run \`npm stop\` if it is an earlier CommerceX`,
    );
  }
  mkdirSync(LOG_DIR, { recursive: true });
  startDaemon({
    name,
    command: process.execPath,
    args: ['--enable-source-maps', entry],
    cwd: ROOT,
    env: {
      ...infraEnv(),
      ...localSecrets(),
      ...(SERVICES[service].kafkaPrincipal ? localKafkaAccess(service) : {}),
      LOG_DIR,
      PORT: String(port),
      ...(instanceId ? { INSTANCE_ID: instanceId } : {}),
      ...env,
    },
    logFile: join(RUN_DIR, `${name}.out`),
  });
  return name;
}

/**
 * The topics job (apps/kafka-topics), as the admin principal: every topic,
 * and on the local Kafka every service's ACLs, before any service starts.
 */
export function setUpTopics() {
  const entry = join(ROOT, 'dist/apps/kafka-topics/main.js');
  if (!existsSync(entry))
    throw new InfraError(`the topics job is not built (${entry} is missing)`, 'run: npx nest build kafka-topics');
  const res = spawnSync(process.execPath, [entry], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...infraEnv(), ...localKafkaAccess('admin') },
    timeout: 180_000,
  });
  const output = `${res.stdout ?? ''}${res.stderr ?? ''}`.trim();
  if (res.status !== 0)
    throw new InfraError(
      `the topics job failed (exit ${res.status ?? res.signal})\n${output}`,
      'is Kafka up? `npm run infra -- status`',
    );
  const said = output.split('\n').map((line) => {
    try {
      return JSON.parse(line).message;
    } catch {
      return line;
    }
  });
  console.log(`kafka: ${said.join('; ')}`);
}

export async function waitHealthy(name, port) {
  const url = `http://127.0.0.1:${port}/health/ready`;
  try {
    await waitFor(async () => (await fetch(url, { signal: AbortSignal.timeout(3000) })).ok, {
      timeoutMs: HEALTH_TIMEOUT_MS,
      intervalMs: 500,
      what: `${name} /health/ready to be UP`,
      name,
    });
  } catch (error) {
    console.error(`--- last lines of .infra/run/${name}.out ---\n${tail(join(RUN_DIR, `${name}.out`))}`);
    throw error;
  }
}

function tail(file, lines = 25) {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

export async function startAll() {
  const taken = [];
  for (const service of SERVICE_NAMES) {
    if (!isRunning(service) && !(await isPortFree(SERVICES[service].port)))
      taken.push(`${SERVICES[service].port} (${service})`);
  }
  if (taken.length > 0) {
    throw new InfraError(
      `service port${taken.length > 1 ? 's' : ''} already in use by another process: ${taken.join(', ')}`,
      'stop whatever listens there (`ss -ltnp` shows it), or `npm stop` if it is an earlier CommerceX',
    );
  }
  setUpTopics();
  const started = [];
  for (const service of SERVICE_NAMES) started.push(await startService(service));
  await Promise.all(SERVICE_NAMES.map((service) => waitHealthy(service, SERVICES[service].port)));
  return started;
}

/** Every service instance this checkout started, whatever its port or instance id. */
export function runningServiceNames() {
  if (!existsSync(RUN_DIR)) return [];
  return readdirSync(RUN_DIR)
    .filter((f) => f.endsWith('.pid'))
    .map((f) => f.slice(0, -'.pid'.length))
    .filter((name) => SERVICE_NAMES.some((s) => name === s || name.startsWith(`${s}-`)));
}

/** Stops every running service instance; resolves to the names that were running. */
export async function stopServices() {
  const names = runningServiceNames();
  const stopped = await Promise.all(names.map((name) => stopDaemon(name, { timeoutMs: 15_000 })));
  return names.filter((_, i) => stopped[i] !== null);
}

export function printUrls() {
  console.log('\nCommerceX is up:');
  for (const service of SERVICE_NAMES) {
    const port = SERVICES[service].port;
    console.log(
      `  ${service.padEnd(21)} http://127.0.0.1:${port}${service === 'api-gateway' ? '/api' : ''}   health: http://127.0.0.1:${port}/health`,
    );
  }
  const traces = traceUiUrl();
  if (traces) console.log(`  traces: ${traces} (Zipkin; TRACING=off runs without)`);
  console.log(`  logs: ${LOG_DIR}/<service>.log`);
}
