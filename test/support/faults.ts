import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runNode } from './processes';
import { stackEnv } from './stack';

/** The pid of a daemon this checkout started (a service instance or an infra piece). */
export function pidOf(name: string): number {
  return Number.parseInt(readFileSync(join(ROOT, '.infra/run', `${name}.pid`), 'utf8'), 10);
}

/** kill -9 the daemon's whole process group: no shutdown hook runs, nothing is committed. */
export function killHard(name: string): void {
  process.kill(-pidOf(name), 'SIGKILL');
}

export async function stopGracefully(name: string): Promise<void> {
  const res = await runNode(['-e', `import('./scripts/lib/proc.mjs').then((p) => p.stopDaemon('${name}'))`]);
  if (res.code !== 0) throw new Error(`stopping ${name} failed: ${res.stderr}`);
}

/** `npm run service -- <service> …`, as an operator would after a crash. */
export async function startService(service: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<void> {
  const res = await runNode(['scripts/service.mjs', service, ...args], {
    timeoutMs: 180_000,
    env: { ...process.env, ...env },
  });
  if (res.code !== 0) throw new Error(`npm run service -- ${service} failed: ${res.stderr}`);
}

export async function infra(component: 'kafka' | 'ferretdb' | 'redis', action: 'stop' | 'start'): Promise<void> {
  const code =
    action === 'stop'
      ? `import('./scripts/lib/infra/${component}.mjs').then((m) => m.stop())`
      : `import('./scripts/lib/infra/index.mjs').then((m) => m.up())`;
  const res = await runNode(['-e', code], { timeoutMs: 180_000 });
  if (res.code !== 0) throw new Error(`${action} ${component} failed: ${res.stderr}`);
}

/** Stops every service instance this checkout runs (the infra keeps running). */
export async function stopServices(): Promise<void> {
  const res = await runNode(['-e', "import('./scripts/lib/stack.mjs').then((s) => s.stopServices())"], {
    timeoutMs: 60_000,
  });
  if (res.code !== 0) throw new Error(`stopping the services failed: ${res.stderr}`);
}

/** `npm start -- --detach` (without building), as global setup runs it: the infra and the seven services. */
export async function startStack(env: NodeJS.ProcessEnv = {}): Promise<void> {
  const res = await runNode(['scripts/start.mjs', '--detach', '--no-build'], {
    timeoutMs: 300_000,
    env: stackEnv({ ...process.env, ...env }),
  });
  if (res.code !== 0) throw new Error(`npm start failed:\n${res.stdout.slice(-2000)}\n${res.stderr}`);
}
