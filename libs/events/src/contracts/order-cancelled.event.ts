import { IsBoolean, IsEmail, IsIn, IsMongoId, IsNumber, Min } from 'class-validator';
import { BaseEvent } from './base.event';

export const CANCEL_REASONS = ['PAYMENT_DECLINED', 'OUT_OF_STOCK'] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

/** The order will not be fulfilled; `refundDue` says whether the customer was charged and is refunded. */
export class OrderCancelledEvent extends BaseEvent {
  @IsMongoId()
  orderId: string;

  @IsMongoId()
  userId: string;

  @IsEmail()
  userEmail: string;

  @IsIn(CANCEL_REASONS)
  reason: CancelReason;

  @IsBoolean()
  refundDue: boolean;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  totalAmount: number;
}
