import { IsInt, IsMongoId, IsNumber, IsString, Min, MinLength } from 'class-validator';
import { BaseEvent } from './base.event';

/** A product entered the catalog: inventory opens its stock record, order learns its price. */
export class ProductCreatedEvent extends BaseEvent {
  @IsMongoId()
  productId: string;

  @IsString()
  @MinLength(1)
  name: string;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  price: number;

  @IsInt()
  @Min(0)
  stock: number;
}
