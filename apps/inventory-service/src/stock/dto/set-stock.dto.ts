import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';

export class SetStockDto {
  @ApiProperty({ example: 25, description: 'The counted stock; replaces the current figure' })
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  stock: number;
}
