import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsMongoId, IsOptional } from 'class-validator';

export class ListNotificationsQueryDto {
  @ApiPropertyOptional({ description: "Only this order's notifications", example: '665f1c2ab5d2a9c1e4f0a123' })
  @IsOptional()
  @IsMongoId({ message: 'orderId must be a valid id (24 hex digits)' })
  @Transform(({ value }) => (typeof value === 'string' ? value.toLowerCase() : value))
  orderId?: string;
}
