import { validateEnv } from '@app/common';
import { envOf } from '../../../test/factories/env.factory';
import { adminAccount, DEV_ADMIN_EMAIL, DEV_ADMIN_PASSWORD, durationSeconds, UserEnv } from './user.env';

const PRODUCTION = { NODE_ENV: 'production' };

describe(UserEnv.name, () => {
  const validate = (vars: Record<string, string> = {}) => validateEnv(UserEnv)(envOf(vars));

  it('defaults to 15-minute access tokens, 7-day refresh tokens and the local admin', () => {
    const env = validate({});

    expect(durationSeconds(env.ACCESS_TOKEN_TTL)).toBe(15 * 60);
    expect(durationSeconds(env.REFRESH_TOKEN_TTL)).toBe(7 * 86_400);
    expect(adminAccount(env)).toEqual({ email: DEV_ADMIN_EMAIL, password: DEV_ADMIN_PASSWORD });
  });

  it('reads token lifetimes as seconds or with a unit', () => {
    expect(['900', '900s', '15m', '2h', '1d'].map(durationSeconds)).toEqual([900, 900, 900, 7200, 86_400]);
    expect(() => validate({ ACCESS_TOKEN_TTL: '15 minutes' })).toThrow(/ACCESS_TOKEN_TTL must be a duration/);
    expect(() => validate({ REFRESH_TOKEN_TTL: '0' })).toThrow(/REFRESH_TOKEN_TTL must be a duration/);
    expect(() => validate({ ACCESS_TOKEN_TTL: '8d' })).toThrow(
      /ACCESS_TOKEN_TTL must be shorter than REFRESH_TOKEN_TTL/,
    );
  });

  it("keeps a login's refresh tokens one day past its session by default, 0 to 3650 days", () => {
    expect(validate({}).REFRESH_TOKEN_RETENTION_DAYS).toBe(1);
    expect(validate({ REFRESH_TOKEN_RETENTION_DAYS: '0' }).REFRESH_TOKEN_RETENTION_DAYS).toBe(0);
    expect(() => validate({ REFRESH_TOKEN_RETENTION_DAYS: '-1' })).toThrow(
      /REFRESH_TOKEN_RETENTION_DAYS must not be less than 0/,
    );
    expect(() => validate({ REFRESH_TOKEN_RETENTION_DAYS: '2d' })).toThrow(
      /REFRESH_TOKEN_RETENTION_DAYS must be an integer number/,
    );
  });

  it('in production requires ADMIN_EMAIL and ADMIN_PASSWORD, on top of the base rules', () => {
    expect(() => validateEnv(UserEnv)({ NODE_ENV: 'production' })).toThrow(
      /JWT_SECRET is missing[\s\S]*ADMIN_EMAIL and ADMIN_PASSWORD/,
    );
    expect(() => validate({ ...PRODUCTION, ADMIN_EMAIL: 'root@shop.example' })).toThrow(
      /ADMIN_EMAIL and ADMIN_PASSWORD/,
    );
    expect(() =>
      validate({ ...PRODUCTION, ADMIN_EMAIL: 'root@shop.example', ADMIN_PASSWORD: DEV_ADMIN_PASSWORD }),
    ).toThrow(/must not be the development default/);
    expect(
      validate({ ...PRODUCTION, ADMIN_EMAIL: 'root@shop.example', ADMIN_PASSWORD: 'a long secret' }).NODE_ENV,
    ).toBe('production');
  });

  it('refuses a malformed admin email and a short admin password', () => {
    expect(() => validate({ ADMIN_EMAIL: 'root' })).toThrow(/ADMIN_EMAIL must be an email/);
    expect(() => validate({ ADMIN_PASSWORD: 'short' })).toThrow(/ADMIN_PASSWORD must be 8 to 128/);
  });
});
