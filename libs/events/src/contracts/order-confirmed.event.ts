import { IsEmail, IsMongoId, IsNumber, Min } from 'class-validator';
import { BaseEvent } from './base.event';

/** Paid and in stock: the order is final. */
export class OrderConfirmedEvent extends BaseEvent {
  @IsMongoId()
  orderId: string;

  @IsMongoId()
  userId: string;

  @IsEmail()
  userEmail: string;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  totalAmount: number;
}
