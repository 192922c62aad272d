// Redis from the Debian package, run on loopback with its state in .infra/redis.
import fs from 'node:fs';
import path from 'node:path';
import {
  InfraError,
  LOG_DIR,
  ROOT,
  STATE_DIR,
  run,
  runningPid,
  say,
  seconds,
  startDaemon,
  stopDaemon,
  tcpRequest,
  waitFor,
  which,
} from '../proc.mjs';

export const name = 'redis';
export const label = 'Redis'; // what an external replacement would be
export const urlVar = 'REDIS_URL';

const HOST = '127.0.0.1';
const DIR = path.join(STATE_DIR, 'redis');
const POLICY_RC = '/usr/sbin/policy-rc.d';

const port = () => Number(process.env.REDIS_PORT || 6379);

export const external = () => process.env.REDIS_URL || null;
export const localUrl = () => `redis://${HOST}:${port()}`;
export const ports = () => [{ port: port(), what: 'server', env: 'REDIS_PORT' }];

const needsProvision = () => !which('redis-server');
const isRoot = () => process.getuid?.() === 0;

export function check() {
  if (!needsProvision()) return [];
  const install = 'apt-get update && apt-get install -y redis-server';
  const orExternal = 'or set REDIS_URL=redis://host:port to use an existing Redis';
  if (!which('apt-get')) {
    return [
      new InfraError(
        'redis: redis-server is not installed and apt-get is not available to install it',
        `install Redis 6+ with your package manager, ${orExternal}`,
      ),
    ];
  }
  if (!isRoot()) {
    return [
      new InfraError(
        'redis: redis-server is not installed, and installing it with apt-get needs root',
        `run as root: ${install}, ${orExternal}`,
      ),
    ];
  }
  return [];
}

export async function provision() {
  if (!needsProvision()) return;
  const started = Date.now();
  say(name, 'installing redis-server with apt-get…');
  const logFile = path.join(LOG_DIR, 'redis-apt.log');
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  // Keep the package's own service from starting on 6379: we run our own instance.
  const blockServices = !fs.existsSync(POLICY_RC);
  if (blockServices)
    fs.writeFileSync(
      POLICY_RC,
      '#!/bin/sh\n# temporary, written by CommerceX scripts/infra.mjs\nexit 101\n',
      { mode: 0o755 },
    );
  try {
    await run('apt-get', ['update'], { env, logFile });
    await run('apt-get', ['install', '-y', '--no-install-recommends', 'redis-server'], {
      env,
      logFile,
    });
  } catch (err) {
    throw new InfraError(
      `redis: apt-get could not install redis-server (log: ${path.relative(ROOT, logFile)})\n${err.message}`,
      'check that you are root and the Debian mirrors are reachable, then retry; or set REDIS_URL=redis://host:port to use an existing Redis',
    );
  } finally {
    if (blockServices) fs.rmSync(POLICY_RC, { force: true });
  }
  say(name, `installed redis-server (${seconds(started)})`);
}

export async function start() {
  const pid = runningPid(name);
  if (pid) return { pid, reused: true };
  fs.mkdirSync(DIR, { recursive: true });
  const args = [
    '--bind',
    HOST,
    '--port',
    String(port()),
    '--dir',
    DIR,
    '--pidfile',
    path.join(DIR, 'redis.pid'),
    '--daemonize',
    'no',
    '--logfile',
    '',
  ];
  return {
    pid: startDaemon({
      name,
      command: 'redis-server',
      args,
      logFile: path.join(LOG_DIR, 'redis.log'),
    }),
    reused: false,
  };
}

const ping = () =>
  tcpRequest(port(), HOST, 'PING\r\n', (reply) =>
    reply.includes('\r\n') ? reply.toString().startsWith('+PONG') : undefined,
  );

export async function ready() {
  await waitFor(ping, {
    timeoutMs: 20_000,
    what: `Redis on ${HOST}:${port()} (log: .infra/logs/redis.log)`,
    name,
  });
}

export const stop = () => stopDaemon(name);

export function status() {
  const pid = runningPid(name);
  if (pid) return `running (pid ${pid}) on ${HOST}:${port()}`;
  return needsProvision() ? 'stopped (redis-server not installed)' : 'stopped';
}
