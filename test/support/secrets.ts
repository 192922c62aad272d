import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The JWT secret the stack under test runs with: the environment's, or the checkout's own (scripts/lib/secrets.mjs). */
export function stackJwtSecret(): string {
  return process.env.JWT_SECRET || readFileSync(join(__dirname, '../../.infra/secrets/jwt-secret'), 'utf8').trim();
}
