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
  execFileSync(process.execPath, [join(ROOT, 'scripts/start.mjs'), '--detach'], { cwd: ROOT, stdio: 'inherit' });
}
