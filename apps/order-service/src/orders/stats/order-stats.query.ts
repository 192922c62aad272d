import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { QueryNumber } from '@app/common';

export class OrderStatsQuery {
  @ApiPropertyOptional({ minimum: 5, maximum: 1440, default: 60, description: 'The window, ending now, in minutes' })
  @IsOptional()
  @QueryNumber()
  @IsInt()
  @Min(5)
  @Max(1440)
  minutes = 60;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 60,
    default: 12,
    description: 'How many equal slices the window is cut into',
  })
  @IsOptional()
  @QueryNumber()
  @IsInt()
  @Min(1)
  @Max(60)
  buckets = 12;
}
