import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export const PAYMENT_VIEW_STATUSES = ['SUCCESS', 'FAILED', 'REFUNDED'] as const;
export type PaymentViewStatus = (typeof PAYMENT_VIEW_STATUSES)[number];

/** A payment as its owner sees it; REFUNDED once the charge has been paid back. */
export class PaymentViewDto {
  @ApiProperty({ description: 'The payment id (paymentId in events)', example: '6660a1b2c3d4e5f6a7b8c9d0' })
  _id: string;

  @ApiProperty({ example: '665f1c2ab5d2a9c1e4f0a123' })
  orderId: string;

  @ApiProperty({ example: '665f1c2ab5d2a9c1e4f0a456' })
  userId: string;

  @ApiProperty({ description: "The order's total, as charged", example: 59.97 })
  amount: number;

  @ApiProperty({ enum: PAYMENT_VIEW_STATUSES, example: 'SUCCESS' })
  status: PaymentViewStatus;

  @ApiPropertyOptional({ description: 'Why the charge was declined (FAILED) or refunded (REFUNDED)' })
  reason?: string;

  @ApiProperty({ type: String, format: 'date-time' })
  processedAt: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Only for REFUNDED' })
  refundedAt?: Date;
}
