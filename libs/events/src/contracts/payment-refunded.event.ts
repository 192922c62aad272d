import { IsEmail, IsISO8601, IsMongoId, IsNumber, IsString, Min, MinLength } from 'class-validator';
import { BaseEvent } from './base.event';

/** A completed charge was refunded, because the order could not be fulfilled. */
export class PaymentRefundedEvent extends BaseEvent {
  @IsMongoId()
  orderId: string;

  @IsString()
  paymentId: string;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  amount: number;

  @IsString()
  @MinLength(1)
  reason: string;

  @IsISO8601({ strict: true })
  refundedAt: string;

  @IsMongoId()
  userId: string;

  @IsEmail()
  userEmail: string;
}
