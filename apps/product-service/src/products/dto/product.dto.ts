import { ApiProperty } from '@nestjs/swagger';

/** A product as the catalog answers it. */
export class ProductDto {
  @ApiProperty({ example: '665f1c2ab5d2a9c1e4f0a123' })
  _id: string;

  @ApiProperty({ example: 'Trail running shoe' })
  name: string;

  @ApiProperty({ example: 'Light, with a grippy sole' })
  description: string;

  @ApiProperty({ example: 'shoes' })
  category: string;

  @ApiProperty({ example: 89.9 })
  price: number;

  @ApiProperty({
    example: 25,
    description: "Inventory's latest figure (the initial stock until inventory reports one)",
  })
  stock: number;

  @ApiProperty({ example: 3, description: 'Grows by one with every change of the product' })
  revision: number;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: string;
}
