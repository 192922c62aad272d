import { validateEnv } from '@app/common';
import { envOf } from '../../../test/factories/env.factory';
import { GatewayEnv } from './gateway.env';

describe(GatewayEnv.name, () => {
  const validate = (vars: Record<string, string> = {}) => validateEnv(GatewayEnv)(envOf(vars));

  it('defaults to the seed’s limit: 100 requests per 15 minutes per client', () => {
    expect(validate({})).toMatchObject({
      RATE_LIMIT_MAX: 100,
      RATE_LIMIT_WINDOW_MS: 900_000,
      UPSTREAM_TIMEOUT_MS: 10_000,
    });
  });

  it('takes the limit and window from the environment', () => {
    expect(validate({ RATE_LIMIT_MAX: '20', RATE_LIMIT_WINDOW_MS: '60000' })).toMatchObject({
      RATE_LIMIT_MAX: 20,
      RATE_LIMIT_WINDOW_MS: 60_000,
    });
  });

  it('refuses a malformed service URL or limit', () => {
    expect(() => validate({ ORDER_SERVICE_URL: 'not a url' })).toThrow(/ORDER_SERVICE_URL must be a URL/);
    expect(() => validate({ RATE_LIMIT_MAX: '0' })).toThrow(/RATE_LIMIT_MAX must not be less than 1/);
  });
});
