import { Type } from 'class-transformer';
import { IsArray, IsInt, IsMongoId, IsObject, IsString, Min, MinLength, ValidateNested } from 'class-validator';
import { BaseEvent } from './base.event';

export class StockShortage {
  @IsMongoId()
  productId: string;

  @IsInt()
  @Min(1)
  requested: number;

  @IsInt()
  @Min(0)
  available: number;
}

/** A paid order could not be fulfilled (nothing was deducted); payment refunds it. */
export class InventoryFailedEvent extends BaseEvent {
  @IsMongoId()
  orderId: string;

  @IsMongoId()
  userId: string;

  @IsString()
  paymentId: string;

  @IsString()
  @MinLength(1)
  reason: string;

  @IsArray()
  @IsObject({ each: true, message: '$property must hold objects, not arrays or values' })
  @ValidateNested({ each: true })
  @Type(() => StockShortage)
  shortages: StockShortage[];
}
