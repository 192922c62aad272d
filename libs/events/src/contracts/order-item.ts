import { IsInt, IsMongoId, IsNumber, Max, Min } from 'class-validator';

/** One priced line of an order, as order-service priced it from its catalog copy. */
export class OrderItem {
  @IsMongoId()
  productId: string;

  @IsInt()
  @Min(1)
  @Max(10_000)
  quantity: number;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  unitPrice: number;
}
