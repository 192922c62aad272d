import { validateEnv } from '@app/common';
import { envOf } from '../../../test/factories/env.factory';
import { NotificationEnv } from './notification.env';

describe(NotificationEnv.name, () => {
  const validate = (vars: Record<string, string> = {}) => validateEnv(NotificationEnv)(envOf(vars));

  it('writes email to .infra/mail when no SMTP server is configured', () => {
    const env = validate({});

    expect(env.SMTP_URL).toBeUndefined();
    expect(env.MAIL_DIR).toBe('.infra/mail');
    expect(env.MAIL_FROM).toBe('CommerceX <no-reply@commercex.local>');
  });

  it('accepts an smtp:// or smtps:// URL and refuses anything else', () => {
    expect(validate({ SMTP_URL: 'smtp://user:pass@mail.example:587' }).SMTP_URL).toBe(
      'smtp://user:pass@mail.example:587',
    );
    expect(validate({ SMTP_URL: 'smtps://mail.example' }).SMTP_URL).toBe('smtps://mail.example');
    expect(() => validate({ SMTP_URL: 'http://mail.example' })).toThrow(/SMTP_URL must be an smtp/);
  });

  it('requires SMTP_URL in production, on top of the base rules', () => {
    const production = { NODE_ENV: 'production' };

    expect(() => validateEnv(NotificationEnv)({ NODE_ENV: 'production' })).toThrow(
      /JWT_SECRET is missing[\s\S]*SMTP_URL is required/,
    );
    expect(() => validate(production)).toThrow(/SMTP_URL is required/);
    expect(validate({ ...production, SMTP_URL: 'smtps://mail.example' }).NODE_ENV).toBe('production');
  });
});
