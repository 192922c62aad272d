import { IsBoolean, IsEmail, IsIn, IsMongoId, IsNumber, Min } from 'class-validator';
import { BaseEvent } from './base.event';

export const CANCEL_REASONS = ['PAYMENT_DECLINED', 'OUT_OF_STOCK', 'CUSTOMER_REQUEST', 'ADMIN_REQUEST'] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

/**
 * The order will not be fulfilled. It also carries order-service's commands
 * for what the order still holds: `refundDue` (payment refunds its charge)
 * and `releaseStock` (inventory gives its reserved lines back). It may be
 * published again for one order when a charge or a reservation lands after
 * the cancellation; each consumer acts on it once per order.
 */
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

  @IsBoolean()
  releaseStock: boolean;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  totalAmount: number;
}
