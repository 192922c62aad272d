import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { join } from 'node:path';
import { stackJwtSecret } from './secrets';

export const ROOT = join(__dirname, '../..');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a Node script to completion and collects its output (async, so Jest's clock keeps running). */
export function runNode(
  args: string[],
  { env = process.env, cwd = ROOT, timeoutMs = 120_000 } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Holds a free loopback port open, as an unrelated process would. */
export async function occupyPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { port: address.port, server };
}

export async function freePort(): Promise<number> {
  const { port, server } = await occupyPort();
  await new Promise((r) => server.close(r));
  return port;
}

export function pidFileExists(root: string, name: string): boolean {
  return existsSync(join(root, '.infra/run', `${name}.pid`));
}

/**
 * How `principal` signs in to the local Kafka, as `npm start` tells a service
 * (its password in .infra/secrets); nothing for an external Kafka
 * (KAFKA_BROKERS set, whose KAFKA_SASL_* come from the environment) or a
 * principal that has none (user-service uses no Kafka).
 */
export function localKafkaEnv(principal: string): Record<string, string> {
  const file = join(ROOT, '.infra/secrets', `kafka-${principal}`);
  if (process.env.KAFKA_BROKERS || !existsSync(file)) return {};
  return {
    KAFKA_SASL_MECHANISM: 'scram-sha-256',
    KAFKA_SASL_USERNAME: principal,
    KAFKA_SASL_PASSWORD: readFileSync(file, 'utf8').trim(),
  };
}

export interface ServiceProcess {
  url: string;
  stop(): Promise<void>;
}

/**
 * Runs one more instance of a built service as a child of the test, with its
 * own port and environment (for example a dependency pointed at a dead port).
 * Resolves once the process answers /health/live.
 */
export async function spawnService(service: string, env: Record<string, string> = {}): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'dist/apps', service, 'main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      JWT_SECRET: stackJwtSecret(),
      ...localKafkaEnv(service),
      LOG_DIR: join(ROOT, 'logs'),
      INSTANCE_ID: `e2e-${port}`,
      ...env,
      PORT: String(port),
    },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${service} exited with ${child.exitCode} during start-up`);
    const live = await fetch(`${url}/health/live`).then(
      (r) => r.ok,
      () => false,
    );
    if (live) return { url, stop };
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`${service} did not come up on ${url}`);
}
