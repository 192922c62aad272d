import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsUrl, Max, Min } from 'class-validator';
import { BaseEnv } from '@app/common';

export class OrderEnv extends BaseEnv {
  /** Asked for a product's price when the local price list has not heard of it yet. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  PRODUCT_SERVICE_URL?: string;

  /**
   * Orders being placed at once by this instance; the next is refused at once
   * with 503 and Retry-After (docs/ARCHITECTURE.md, "Admission control").
   */
  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt()
  @Min(1)
  @Max(10_000)
  ORDER_MAX_IN_FLIGHT = 32;
}
