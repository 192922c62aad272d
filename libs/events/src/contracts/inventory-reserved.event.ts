import { Type } from 'class-transformer';
import { ArrayMinSize, IsMongoId, IsObject, ValidateNested } from 'class-validator';
import { BaseEvent } from './base.event';
import { OrderItem } from './order-item';

/** Every line of a paid order was deducted from stock; the order can be confirmed. */
export class InventoryReservedEvent extends BaseEvent {
  @IsMongoId()
  orderId: string;

  @IsMongoId()
  userId: string;

  @IsObject({ each: true, message: '$property must hold objects, not arrays or values' })
  @ValidateNested({ each: true })
  @Type(() => OrderItem)
  @ArrayMinSize(1)
  items: OrderItem[];
}
