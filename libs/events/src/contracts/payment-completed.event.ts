import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  Equals,
  IsEmail,
  IsISO8601,
  IsMongoId,
  IsNumber,
  IsObject,
  IsString,
  Min,
  ValidateNested,
} from 'class-validator';
import { BaseEvent } from './base.event';
import { OrderItem } from './order-item';

/** The order was charged (seed fields kept); inventory now deducts its lines. */
export class PaymentCompletedEvent extends BaseEvent {
  @IsMongoId()
  orderId: string;

  @IsString()
  paymentId: string;

  @Equals('SUCCESS')
  status: 'SUCCESS';

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  amount: number;

  @IsISO8601({ strict: true })
  processedAt: string;

  @IsMongoId()
  userId: string;

  @IsEmail()
  userEmail: string;

  @IsObject({ each: true, message: '$property must hold objects, not arrays or values' })
  @ValidateNested({ each: true })
  @Type(() => OrderItem)
  @ArrayMinSize(1)
  items: OrderItem[];
}
