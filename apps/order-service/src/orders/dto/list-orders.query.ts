import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsDate, IsEnum, IsInt, IsMongoId, IsOptional, Max, Min } from 'class-validator';
import { QueryDateTime, QueryNumber } from '@app/common';
import { OrderStatus } from '../order-process';

/** Deeper pages are refused: their skip would make the database walk the whole collection. */
export const MAX_PAGE = 10_000;

export class ListOrdersQuery {
  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @QueryNumber()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page = 1;

  @ApiPropertyOptional({ default: 20 })
  @IsOptional()
  @QueryNumber()
  @IsInt()
  @Min(1)
  @Max(100)
  limit = 20;

  @ApiPropertyOptional({ description: 'Orders whose current status is this' })
  @IsOptional()
  @IsEnum(OrderStatus)
  status?: OrderStatus;

  @ApiPropertyOptional({ description: "Admin only: one customer's orders" })
  @IsOptional()
  @IsMongoId()
  userId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Orders placed at or after this time' })
  @IsOptional()
  @QueryDateTime()
  @IsDate({ message: 'from must be an RFC 3339 date-time, such as 2026-12-03T16:30:00Z' })
  from?: Date;

  @ApiPropertyOptional({ format: 'date-time', description: 'Orders placed before this time' })
  @IsOptional()
  @QueryDateTime()
  @IsDate({ message: 'to must be an RFC 3339 date-time, such as 2026-12-03T16:30:00Z' })
  to?: Date;
}
