import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { gatewayHealthy } from '../support/stack';

const ROOT = join(__dirname, '../..');

/** Brings the whole stack up once, unless one is already running (then it is reused and left running). */
export default async function globalSetup(): Promise<void> {
  if (await gatewayHealthy()) {
    process.env.E2E_STACK_REUSED = '1';
    return;
  }
  // Every suite calls the gateway from 127.0.0.1: the default 100 requests per
  // 15 minutes would throttle the suite itself. Rate-limit tests run their own
  // gateway instances with a small limit.
  const env = { ...process.env, RATE_LIMIT_MAX: process.env.RATE_LIMIT_MAX ?? '1000000' };
  execFileSync(process.execPath, [join(ROOT, 'scripts/start.mjs'), '--detach'], { cwd: ROOT, stdio: 'inherit', env });
}
