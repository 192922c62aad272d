import { Type } from 'class-transformer';
import { ArrayMinSize, IsMongoId, ValidateNested } from 'class-validator';
import { BaseEvent } from './base.event';
import { OrderItem } from './order-item';

/** Every line of a paid order was deducted from stock; the order can be confirmed. */
export class InventoryReservedEvent extends BaseEvent {
  @IsMongoId()
  orderId: string;

  @IsMongoId()
  userId: string;

  @ValidateNested({ each: true })
  @Type(() => OrderItem)
  @ArrayMinSize(1)
  items: OrderItem[];
}
