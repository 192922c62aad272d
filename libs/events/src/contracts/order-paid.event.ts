import { Type } from 'class-transformer';
import { ArrayMinSize, IsMongoId, IsNumber, IsObject, IsString, Min, ValidateNested } from 'class-validator';
import { BaseEvent } from './base.event';
import { OrderItem } from './order-item';

/** order-service accepted the order's payment; inventory now reserves its lines. */
export class OrderPaidEvent extends BaseEvent {
  @IsMongoId()
  orderId: string;

  @IsMongoId()
  userId: string;

  @IsString()
  paymentId: string;

  @IsObject({ each: true, message: '$property must hold objects, not arrays or values' })
  @ValidateNested({ each: true })
  @Type(() => OrderItem)
  @ArrayMinSize(1)
  items: OrderItem[];

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  totalAmount: number;
}
