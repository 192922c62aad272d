import { envOf } from '../../../../test/factories/env.factory';
import { BaseEnv } from './base.env';
import { loadEnv, validateEnv } from './validate-env';

describe(BaseEnv.name, () => {
  const validate = (vars: Record<string, string> = {}) => validateEnv(BaseEnv)(envOf(vars));

  it('keeps the defaults the code had before it read them from the environment itself', () => {
    expect(validate()).toMatchObject({
      LOG_LEVEL: 'info',
      LOG_DIR: 'logs',
      KAFKA_PARTITIONS: 3,
      OUTBOX_SWEEP_MS: 120_000,
    });
    expect(validate().INSTANCE_ID).toBeUndefined();
    // unset: topic creation follows the cluster's size (ensureTopics)
    expect(validate().KAFKA_REPLICATION_FACTOR).toBeUndefined();
    expect(validate().TRUST_PROXY).toBeUndefined();
  });

  it('keeps a day-scale retention by default: hourly passes, 7 days of published outbox messages', () => {
    expect(validate()).toMatchObject({
      RETENTION: 'on',
      RETENTION_INTERVAL_MS: 3_600_000,
      RETENTION_BATCH: 1000,
      OUTBOX_RETENTION_DAYS: 7,
    });
    expect(validate({ RETENTION: 'off', RETENTION_INTERVAL_MS: '1000', OUTBOX_RETENTION_DAYS: '30' })).toMatchObject({
      RETENTION: 'off',
      RETENTION_INTERVAL_MS: 1000,
      OUTBOX_RETENTION_DAYS: 30,
    });
  });

  it('signs in to Kafka only when told how: a mechanism with a username and a password, or none of them', () => {
    expect(validate().KAFKA_SASL_MECHANISM).toBeUndefined();
    expect(
      validate({
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'order-service',
        KAFKA_SASL_PASSWORD: 'p',
        KAFKA_TLS: 'true',
      }),
    ).toMatchObject({ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'order-service', KAFKA_TLS: true });
    expect(() => validate({ KAFKA_SASL_MECHANISM: 'scram-sha-256' })).toThrow(
      /KAFKA_SASL_USERNAME is required with KAFKA_SASL_MECHANISM[\s\S]*KAFKA_SASL_PASSWORD is required/,
    );
    expect(() => validate({ KAFKA_SASL_USERNAME: 'order-service', KAFKA_SASL_PASSWORD: 'p' })).toThrow(
      /KAFKA_SASL_MECHANISM must be one of scram-sha-256, scram-sha-512, plain/,
    );
    expect(() =>
      validate({ KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }),
    ).toThrow(/KAFKA_SASL_MECHANISM must be one of/);
  });

  it('reads the numbers as numbers', () => {
    expect(validate({ KAFKA_PARTITIONS: '6', KAFKA_REPLICATION_FACTOR: '3', OUTBOX_SWEEP_MS: '5000' })).toMatchObject({
      KAFKA_PARTITIONS: 6,
      KAFKA_REPLICATION_FACTOR: 3,
      OUTBOX_SWEEP_MS: 5000,
    });
  });

  it.each([
    ['OUTBOX_SWEEP_MS', 'abc', /OUTBOX_SWEEP_MS must be an integer number/],
    ['OUTBOX_SWEEP_MS', '', /OUTBOX_SWEEP_MS must not be less than 1000/],
    ['OUTBOX_SWEEP_MS', '999', /OUTBOX_SWEEP_MS must not be less than 1000/],
    ['OUTBOX_SWEEP_MS', '1500.5', /OUTBOX_SWEEP_MS must be an integer number/],
    ['OUTBOX_SWEEP_MS', '86400001', /OUTBOX_SWEEP_MS must not be greater than 86400000/],
    ['RETENTION', 'no', /RETENTION must be one of the following values: on, off/],
    ['RETENTION_INTERVAL_MS', '999', /RETENTION_INTERVAL_MS must not be less than 1000/],
    ['RETENTION_INTERVAL_MS', '86400001', /RETENTION_INTERVAL_MS must not be greater than 86400000/],
    ['RETENTION_BATCH', '0', /RETENTION_BATCH must not be less than 1/],
    ['RETENTION_BATCH', '10001', /RETENTION_BATCH must not be greater than 10000/],
    ['OUTBOX_RETENTION_DAYS', '0', /OUTBOX_RETENTION_DAYS must not be less than 1/],
    ['OUTBOX_RETENTION_DAYS', '3651', /OUTBOX_RETENTION_DAYS must not be greater than 3650/],
    ['KAFKA_PARTITIONS', '0', /KAFKA_PARTITIONS must not be less than 1/],
    ['KAFKA_PARTITIONS', 'three', /KAFKA_PARTITIONS must be an integer number/],
    ['KAFKA_PARTITIONS', '1001', /KAFKA_PARTITIONS must not be greater than 1000/],
    ['KAFKA_REPLICATION_FACTOR', '0', /KAFKA_REPLICATION_FACTOR must not be less than 1/],
    ['KAFKA_REPLICATION_FACTOR', '11', /KAFKA_REPLICATION_FACTOR must not be greater than 10/],
    ['LOG_LEVEL', 'verbose', /LOG_LEVEL must be one of the following values: error, warn, info, debug/],
    ['INSTANCE_ID', '../../etc', /INSTANCE_ID must be 1 to 64 letters, digits/],
    ['INSTANCE_ID', '', /INSTANCE_ID must be 1 to 64 letters, digits/],
    ['TRUST_PROXY', 'yes', /TRUST_PROXY must be true, false, or a comma-separated list/],
    ['TRUST_PROXY', '10.0.0.0/8/8', /TRUST_PROXY must be true, false, or a comma-separated list/],
    ['TRUST_PROXY', 'loopback;10.0.0.1', /TRUST_PROXY must be true, false, or a comma-separated list/],
  ])('refuses %s=%p in the one start-up message', (name, value, problem) => {
    const attempt = () => validate({ [name]: value });
    expect(attempt).toThrow(/^Invalid environment:\n/);
    expect(attempt).toThrow(problem);
  });

  it.each(['true', 'false', 'loopback', '127.0.0.1, 10.0.0.0/8', '::1', 'fe80::/10,uniquelocal', '10.0.0.0/255.0.0.0'])(
    'accepts TRUST_PROXY=%p',
    (TRUST_PROXY) => {
      expect(validate({ TRUST_PROXY }).TRUST_PROXY).toBe(TRUST_PROXY);
    },
  );

  it.each(['2', 'e2e-3010', 'eu_west.b'])('accepts INSTANCE_ID=%p', (INSTANCE_ID) => {
    expect(validate({ INSTANCE_ID }).INSTANCE_ID).toBe(INSTANCE_ID);
  });
});

describe(loadEnv.name, () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it("validates the process's own environment, as start-up does before Nest exists", () => {
    process.env = { ...saved, ...envOf({ LOG_LEVEL: 'debug', TRUST_PROXY: 'true' }) };
    expect(loadEnv(BaseEnv)).toMatchObject({ LOG_LEVEL: 'debug', TRUST_PROXY: 'true', OUTBOX_SWEEP_MS: 120_000 });

    process.env.OUTBOX_SWEEP_MS = 'abc';
    expect(() => loadEnv(BaseEnv)).toThrow(/OUTBOX_SWEEP_MS must be an integer number/);
  });
});
