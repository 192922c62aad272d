import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stackEnv } from '../support/stack';

const ROOT = join(__dirname, '../..');
const RUN_DIR = join(ROOT, '.infra/run');

/** Whether any process this checkout started (infra or a service) is still alive. */
function anythingRunning(): boolean {
  if (!existsSync(RUN_DIR)) return false;
  return readdirSync(RUN_DIR)
    .filter((f) => f.endsWith('.pid'))
    .some((f) => {
      const pid = Number.parseInt(readFileSync(join(RUN_DIR, f), 'utf8'), 10);
      try {
        return pid > 0 && process.kill(pid, 0);
      } catch {
        return false;
      }
    });
}

/**
 * Brings the whole stack up once for every suite. Whatever was already running
 * is reused, the missing pieces are started, and then nothing is torn down at
 * the end: only a stack the tests started from nothing is stopped again.
 */
export default async function globalSetup(): Promise<void> {
  if (anythingRunning()) process.env.E2E_STACK_REUSED = '1';
  execFileSync(process.execPath, [join(ROOT, 'scripts/start.mjs'), '--detach'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: stackEnv(),
  });
}
