import { deflateRawSync } from 'node:zlib';

/**
 * Values that have been published as examples or defaults: whoever has read
 * this repository can sign tokens with them. Refused wherever a secret is read.
 */
const PUBLISHED_SECRETS = new Set([
  'commercex-local-development-secret', // the development constant before per-checkout secrets
  'compose-local-secret-change-me', // docker-compose.yml's old default
  'changeme',
  'change-me',
  'secret',
  'jwt-secret',
]);

export const MIN_SECRET_LENGTH = 32;
/** Estimated bits below which a secret is refused: what a repeated or tiny alphabet gives, not what a random one does. */
export const MIN_SECRET_BITS = 96;

/**
 * An upper bound on the string's entropy, in bits: the lower of its character
 * frequencies' Shannon entropy times its length (which catches few distinct
 * characters) and its size compressed (which catches repetition). 32 random
 * base64 characters give about 150; `aaaa…` or a word repeated give far less.
 * A long memorable phrase can still pass, so this only ever refuses, and never
 * proves a secret good.
 */
export function estimatedBits(value: string): number {
  const chars = [...value];
  const counts = new Map<string, number>();
  for (const ch of chars) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let perChar = 0;
  for (const n of counts.values()) perChar -= (n / chars.length) * Math.log2(n / chars.length);
  return Math.min(perChar * chars.length, deflateRawSync(value).length * 8);
}

/** Why `value` is unfit to sign tokens with, or nothing when it is fit. `name` is the setting's name, for the message. */
export function secretProblems(name: string, value: string): string[] {
  const advice = 'use a long random value, e.g. `openssl rand -base64 32`';
  if (PUBLISHED_SECRETS.has(value.trim().toLowerCase())) return [`${name} is a published example value; ${advice}`];
  if (value.length < MIN_SECRET_LENGTH) return [`${name} must be at least ${MIN_SECRET_LENGTH} characters; ${advice}`];
  if (estimatedBits(value) < MIN_SECRET_BITS)
    return [`${name} is too predictable (repeated or few distinct characters); ${advice}`];
  return [];
}
