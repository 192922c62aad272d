import { IsInt, IsMongoId, Min } from 'class-validator';
import { BaseEvent } from './base.event';

/**
 * A product's stock moved. `stock` is absolute and `sequence` grows with every
 * movement, so a consumer keeps the newest figure whatever order events arrive in.
 */
export class InventoryStockChangedEvent extends BaseEvent {
  @IsMongoId()
  productId: string;

  @IsInt()
  @Min(0)
  stock: number;

  @IsInt()
  @Min(0)
  sequence: number;
}
