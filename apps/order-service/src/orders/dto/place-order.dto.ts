import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsMongoId,
  IsObject,
  IsOptional,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

/** A field seed clients send, accepted whatever its value and ignored. */
const Ignored = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({
      description: `Ignored: ${description}`,
      deprecated: true,
      nullable: true,
      oneOf: [
        { type: 'object' },
        { type: 'array', items: {} },
        { type: 'string' },
        { type: 'number' },
        { type: 'boolean' },
      ],
    }),
    IsOptional(),
  );

export class OrderItemDto {
  @ApiProperty({ description: 'Product id', example: '6566f0c2a1b2c3d4e5f60718' })
  @IsMongoId()
  product: string;

  @ApiProperty({ example: 2 })
  @IsInt()
  @Min(1)
  @Max(1000)
  quantity: number;

  /** Sent by seed clients; accepted for compatibility and ignored: prices come from the catalog. */
  @Ignored('the server prices every line from the catalog')
  price?: unknown;
}

export class PlaceOrderDto {
  @ApiProperty({ type: [OrderItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsObject({ each: true, message: '$property must hold objects, not arrays or values' })
  @ValidateNested({ each: true })
  @Type(() => OrderItemDto)
  items: OrderItemDto[];

  /** Seed clients send these; the total is computed server-side and the user comes from the token. */
  @Ignored('computed by the server')
  totalAmount?: unknown;

  @Ignored('the user comes from the token')
  user?: unknown;
}
