import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsEnum, IsInt, IsMongoId, IsOptional, Max, Min } from 'class-validator';
import { QueryNumber } from '@app/common';
import { OrderStatus } from '../order-process';

/** Deeper pages are refused: their skip would make the database walk the whole collection. */
export const MAX_PAGE = 10_000;

export class ListOrdersQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: 1 })
  @IsOptional()
  @QueryNumber()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @QueryNumber()
  @IsInt()
  @Min(1)
  @Max(100)
  limit = 20;

  @ApiPropertyOptional({ enum: OrderStatus, description: 'Orders whose current status is this' })
  @IsOptional()
  @IsEnum(OrderStatus)
  status?: OrderStatus;

  @ApiPropertyOptional({ pattern: '^[0-9a-fA-F]{24}$', description: "Admin only: one customer's orders" })
  @IsOptional()
  @IsMongoId()
  userId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Orders placed at or after this time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'from must be an ISO 8601 date-time' })
  from?: Date;

  @ApiPropertyOptional({ format: 'date-time', description: 'Orders placed before this time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'to must be an ISO 8601 date-time' })
  to?: Date;
}
