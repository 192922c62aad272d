import { IsEmail, IsISO8601, IsMongoId } from 'class-validator';
import { BaseEvent } from './base.event';

/** An admin shipped a confirmed order; it can no longer be cancelled. */
export class OrderShippedEvent extends BaseEvent {
  @IsMongoId()
  orderId: string;

  @IsMongoId()
  userId: string;

  @IsEmail()
  userEmail: string;

  @IsISO8601({ strict: true })
  shippedAt: string;
}
