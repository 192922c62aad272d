import { ApiProperty } from '@nestjs/swagger';

/** What order-service prices an order line from: a product's current name and price. */
export class ProductPriceDto {
  @ApiProperty({ example: '665f1c2ab5d2a9c1e4f0a123' })
  productId: string;

  @ApiProperty({ example: 'Trail running shoe' })
  name: string;

  @ApiProperty({ example: 89.9 })
  price: number;
}
