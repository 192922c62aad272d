// Secrets of the local stack, made once per checkout: random, kept in
// .infra/secrets with mode 0600, and given to every service `npm start` runs.
// Nothing here is a constant, so a token signed on one checkout is worthless on
// another. A value already in the environment wins (an external deployment's).
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, STATE_DIR } from './proc.mjs';

export const SECRETS_DIR = path.join(STATE_DIR, 'secrets');

/** The secret in `.infra/secrets/<name>`, made (32 random bytes, base64url) the first time it is asked for. */
export function localSecret(name) {
  const file = path.join(SECRETS_DIR, name);
  if (!existsSync(file)) {
    mkdirSync(SECRETS_DIR, { recursive: true, mode: 0o700 });
    // `wx`: two starts racing each other keep the first one's secret.
    try {
      writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
  }
  chmodSync(file, 0o600);
  return readFileSync(file, 'utf8').trim();
}

/** The secrets every local service needs, as environment variables. */
export function localSecrets() {
  return { JWT_SECRET: process.env.JWT_SECRET || localSecret('jwt-secret') };
}

/**
 * The principals of the local Kafka, each with its own password: `admin`
 * (the brokers among themselves, the topics job, and test and bench tools),
 * the gateway (its admin APIs), and each service that uses Kafka.
 */
export function kafkaPrincipals() {
  // Read when asked, not on import: `infra` runs (and reports a missing tool) from a copy of scripts/ alone.
  const SERVICES = JSON.parse(readFileSync(path.join(ROOT, 'libs/common/src/services.json'), 'utf8'));
  const services = Object.keys(SERVICES).filter((name) => SERVICES[name].kafkaPrincipal);
  return ['admin', ...services].map((name) => ({ name, password: localSecret(`kafka-${name}`) }));
}

/**
 * How a local process signs in to the local Kafka as `principal`. Nothing for
 * an external Kafka (KAFKA_BROKERS set): its KAFKA_SASL_* come from the environment.
 */
export function localKafkaAccess(principal) {
  if (process.env.KAFKA_BROKERS) return {};
  return {
    KAFKA_SASL_MECHANISM: 'scram-sha-256',
    KAFKA_SASL_USERNAME: principal,
    KAFKA_SASL_PASSWORD: localSecret(`kafka-${principal}`),
  };
}
