import { Type } from 'class-transformer';
import { ArrayMinSize, IsEmail, IsISO8601, IsMongoId, IsNumber, Min, ValidateNested } from 'class-validator';
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
