import { randomBytes } from 'node:crypto';
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
    ).toThrow(/ADMIN_PASSWORD must be 12 to 128 characters \(it has 9\)/);
    expect(
      validate({ ...PRODUCTION, ADMIN_EMAIL: 'root@shop.example', ADMIN_PASSWORD: 'correct horse battery' }).NODE_ENV,
    ).toBe('production');
  });

  it('refuses a malformed admin email', () => {
    expect(() => validate({ ADMIN_EMAIL: 'root' })).toThrow(/ADMIN_EMAIL must be an email/);
  });

  describe('ADMIN_PASSWORD, held to the policy of a registered password in every environment', () => {
    it.each([
      ['one too short', 'Zq8#rT2!mW5', /ADMIN_PASSWORD must be 12 to 128 characters \(it has 11\)/],
      ['one too long', 'x7Q!'.repeat(33), /ADMIN_PASSWORD must be 12 to 128 characters \(it has 132\)/],
      ['a common password', 'password1234', /ADMIN_PASSWORD is too easy to guess: /],
      ['a keyboard walk', 'qwertyuiop12', /ADMIN_PASSWORD is too easy to guess/],
    ])('refuses %s at start-up, saying why', (_what, ADMIN_PASSWORD, problem) => {
      expect(() => validate({ ADMIN_PASSWORD })).toThrow(problem);
      expect(() => validate({ ...PRODUCTION, ADMIN_EMAIL: 'root@shop.example', ADMIN_PASSWORD })).toThrow(problem);
    });

    it("counts the admin's email as known to the attacker", () => {
      const email = 'night.operator@shop.example';
      expect(adminAccount(validate({ ADMIN_PASSWORD: email })).password).toBe(email);
      expect(() => validate({ ADMIN_EMAIL: email, ADMIN_PASSWORD: email })).toThrow(
        /ADMIN_PASSWORD is too easy to guess/,
      );
    });

    it('accepts a passphrase, and a secret made as scripts/lib/secrets.mjs makes them', () => {
      expect(adminAccount(validate({ ADMIN_PASSWORD: 'correct horse battery' })).password).toBe(
        'correct horse battery',
      );
      const made = randomBytes(32).toString('base64url');
      expect(
        adminAccount(validate({ ...PRODUCTION, ADMIN_EMAIL: 'root@shop.example', ADMIN_PASSWORD: made })).password,
      ).toBe(made);
    });
  });
});
