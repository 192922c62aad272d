import { IsEmail, IsISO8601, IsMongoId, IsNumber, IsString, Min, MinLength } from 'class-validator';
import { BaseEvent } from './base.event';

/** The processor declined the charge; the order is cancelled. */
export class PaymentFailedEvent extends BaseEvent {
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
  processedAt: string;

  @IsMongoId()
  userId: string;

  @IsEmail()
  userEmail: string;
}
