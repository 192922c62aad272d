import { envOf } from '../../../../test/factories/env.factory';
import { BaseEnv } from './base.env';
import { validateEnv } from './validate-env';

describe(validateEnv.name, () => {
  const validate = (vars: Record<string, string> = {}) => validateEnv(BaseEnv)(envOf(vars));

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

  it('refuses to start without JWT_SECRET, in every environment, and says where the local one comes from', () => {
    for (const NODE_ENV of ['development', 'production'])
      expect(() => validateEnv(BaseEnv)({ NODE_ENV })).toThrow(/JWT_SECRET is missing: `npm start`.*\.infra\/secrets/);
    expect(validate({ NODE_ENV: 'production' }).NODE_ENV).toBe('production');
  });

  it.each([
    ['the old development constant', 'commercex-local-development-secret', /published example value/],
    ["docker-compose.yml's old default", 'compose-local-secret-change-me', /published example value/],
    ['a 12-character secret', 'Zq8#rT2!mW5x', /at least 32 characters/],
    ['a repeated character', 'a'.repeat(64), /too predictable/],
    ['a repeated short word', 'abc1'.repeat(16), /too predictable/],
  ])('refuses %s as JWT_SECRET in production', (_what, JWT_SECRET, problem) => {
    expect(() => validate({ NODE_ENV: 'production', JWT_SECRET })).toThrow(problem);
  });
});
