import { IsMongoId, IsNumber, IsOptional, IsString, Min, MinLength } from 'class-validator';
import { BaseEvent } from './base.event';

/** A product's catalog fields changed; order-service refreshes its price list. */
export class ProductUpdatedEvent extends BaseEvent {
  @IsMongoId()
  productId: string;

  @IsString()
  @MinLength(1)
  name: string;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  price: number;

  @IsOptional()
  @IsString()
  category?: string;
}
