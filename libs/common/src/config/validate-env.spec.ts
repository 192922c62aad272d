import { BaseEnv } from './base.env';
import { validateEnv } from './validate-env';

describe(validateEnv.name, () => {
  const validate = validateEnv(BaseEnv);

  it('fills local defaults for an empty environment', () => {
    const env = validate({});
    expect(env).toMatchObject({
      NODE_ENV: 'development',
      KAFKA_BROKERS: '127.0.0.1:9092',
      MONGO_URL: 'mongodb://127.0.0.1:27017',
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
  });

  it('converts PORT to a number', () => {
    expect(validate({ PORT: '3010' }).PORT).toBe(3010);
  });

  it('names every bad variable in one message', () => {
    const attempt = () => validate({ MONGO_URL: 'postgres://x', KAFKA_BROKERS: 'a:1, b:2', PORT: '99999' });
    expect(attempt).toThrow(/MONGO_URL must be a mongodb:\/\//);
    expect(attempt).toThrow(/KAFKA_BROKERS must be a comma-separated list/);
    expect(attempt).toThrow(/PORT must not be greater than 65535/);
  });

  it('refuses production without JWT_SECRET', () => {
    expect(() => validate({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required when NODE_ENV=production/);
    expect(validate({ NODE_ENV: 'production', JWT_SECRET: 'a'.repeat(32) }).NODE_ENV).toBe('production');
  });

  it('refuses a short JWT_SECRET', () => {
    expect(() => validate({ JWT_SECRET: 'short' })).toThrow(/at least 16 characters/);
  });
});
