import { validateEnv } from '@app/common';
import { envOf } from '../../../test/factories/env.factory';
import { PaymentEnv } from './payment.env';

describe(PaymentEnv.name, () => {
  const validate = (vars: Record<string, string> = {}) => validateEnv(PaymentEnv)(envOf(vars));

  it('declines totals above 10000 unless told otherwise', () => {
    expect(validate({}).PAYMENT_DECLINE_OVER).toBe(10_000);
  });

  it('reads PAYMENT_DECLINE_OVER as a number', () => {
    expect(validate({ PAYMENT_DECLINE_OVER: '250.5' }).PAYMENT_DECLINE_OVER).toBe(250.5);
    expect(validate({ PAYMENT_DECLINE_OVER: '0' }).PAYMENT_DECLINE_OVER).toBe(0);
  });

  it('refuses a limit that is not a number, empty or negative', () => {
    expect(() => validate({ PAYMENT_DECLINE_OVER: 'lots' })).toThrow(/PAYMENT_DECLINE_OVER must be a number/);
    expect(() => validate({ PAYMENT_DECLINE_OVER: '' })).toThrow(/PAYMENT_DECLINE_OVER must be a number/);
    expect(() => validate({ PAYMENT_DECLINE_OVER: '-1' })).toThrow(/must not be negative/);
  });

  it('keeps the base rules', () => {
    expect(() => validateEnv(PaymentEnv)({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is missing/);
  });
});
