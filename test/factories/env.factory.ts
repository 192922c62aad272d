import { randomBytes } from 'node:crypto';

/** A signing secret as the local stack makes one (scripts/lib/secrets.mjs): random, so it passes every strength check. */
export const TEST_JWT_SECRET = randomBytes(32).toString('base64url');

/** An environment as a service would see it: the variables given, plus the secret every service requires. */
export function envOf(vars: Record<string, string> = {}): Record<string, string> {
  return { JWT_SECRET: TEST_JWT_SECRET, ...vars };
}
