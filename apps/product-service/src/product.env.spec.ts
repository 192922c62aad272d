import { validateEnv } from '@app/common';
import { envOf } from '../../../test/factories/env.factory';
import { ProductEnv } from './product.env';

describe(ProductEnv.name, () => {
  const validate = (vars: Record<string, string> = {}) => validateEnv(ProductEnv)(envOf(vars));

  it('defaults to a 5-minute cache TTL and a 30-second reconcile interval', () => {
    const env = validate({});

    expect(env.CATALOG_CACHE_TTL_MS).toBe(300_000);
    expect(env.CATALOG_RECONCILE_INTERVAL_MS).toBe(30_000);
  });

  it('reads both from the environment as milliseconds', () => {
    const env = validate({ CATALOG_CACHE_TTL_MS: '2000', CATALOG_RECONCILE_INTERVAL_MS: '5000' });

    expect(env.CATALOG_CACHE_TTL_MS).toBe(2000);
    expect(env.CATALOG_RECONCILE_INTERVAL_MS).toBe(5000);
  });

  it('refuses a TTL that is not a number or is too short to be worth a round trip', () => {
    expect(() => validate({ CATALOG_CACHE_TTL_MS: '5m' })).toThrow(/CATALOG_CACHE_TTL_MS must be a whole number/);
    expect(() => validate({ CATALOG_CACHE_TTL_MS: '10' })).toThrow(/CATALOG_CACHE_TTL_MS must not be less than 1000/);
  });
});
