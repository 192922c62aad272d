import { Type } from 'class-transformer';
import { ArrayMinSize, IsEmail, IsISO8601, IsMongoId, IsNumber, IsObject, Min, ValidateNested } from 'class-validator';
import { BaseEvent } from './base.event';
import { OrderItem } from './order-item';

/** A customer placed an order (seed fields kept); payment charges it. */
export class OrderCreatedEvent extends BaseEvent {
  @IsMongoId()
  orderId: string;

  @IsMongoId()
  userId: string;

  @IsEmail()
  userEmail: string;

  @IsObject({ each: true, message: '$property must hold objects, not arrays or values' })
  @ValidateNested({ each: true })
  @Type(() => OrderItem)
  @ArrayMinSize(1)
  items: OrderItem[];

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  totalAmount: number;

  @IsISO8601({ strict: true })
  createdAt: string;
}
