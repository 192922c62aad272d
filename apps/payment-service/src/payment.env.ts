import { Transform } from 'class-transformer';
import { IsNumber, Min } from 'class-validator';
import { BaseEnv } from '@app/common';

/** payment-service settings: the simulated processor's decline rule. */
export class PaymentEnv extends BaseEnv {
  /**
   * The simulated processor declines every charge whose total is strictly
   * above this amount, and approves the rest: deterministic, so a test can
   * choose the outcome through the order's total.
   */
  // An empty value is refused rather than read as 0, which would decline every order.
  @Transform(({ value }) => (value === undefined ? undefined : value === '' ? Number.NaN : Number(value)))
  @IsNumber(
    { allowNaN: false, allowInfinity: false },
    { message: 'PAYMENT_DECLINE_OVER must be a number (the largest total the simulated processor approves)' },
  )
  @Min(0, { message: 'PAYMENT_DECLINE_OVER must not be negative' })
  PAYMENT_DECLINE_OVER = 10_000;
}
