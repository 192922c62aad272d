import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsMongoId,
  IsObject,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

export class OrderItemDto {
  @ApiProperty({ description: 'Product id', example: '6566f0c2a1b2c3d4e5f60718' })
  @IsMongoId()
  product: string;

  @ApiProperty({ minimum: 1, maximum: 1000, example: 2 })
  @IsInt()
  @Min(1)
  @Max(1000)
  quantity: number;

  /** Sent by seed clients; accepted for compatibility and ignored: prices come from the catalog. */
  @ApiPropertyOptional({ description: 'Ignored: the server prices every line from the catalog', deprecated: true })
  @Allow()
  price?: unknown;
}

export class PlaceOrderDto {
  @ApiProperty({ type: [OrderItemDto], minItems: 1, maxItems: 100 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsObject({ each: true, message: '$property must hold objects, not arrays or values' })
  @ValidateNested({ each: true })
  @Type(() => OrderItemDto)
  items: OrderItemDto[];

  /** Seed clients send these; the total is computed server-side and the user comes from the token. */
  @ApiPropertyOptional({ description: 'Ignored: computed by the server', deprecated: true })
  @Allow()
  totalAmount?: unknown;

  @ApiPropertyOptional({ description: 'Ignored: the user comes from the token', deprecated: true })
  @Allow()
  user?: unknown;
}
