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

  /**
   * Unprocessed messages in the order saga's consumer groups beyond which new
   * orders are refused with 503 and Retry-After, so that the backlog, and
   * every order's time to settle, stays bounded. A queued order is about one
   * message at the slowest stage, so at the measured 10–14 orders/s, 100 is
   * under ten seconds of work (docs/ARCHITECTURE.md, "Admission control").
   */
  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt()
  @Min(1)
  ORDER_MAX_BACKLOG = 100;

  /** How often the saga's backlog is measured (ms). */
  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt()
  @Min(100)
  @Max(60_000)
  ORDER_BACKLOG_POLL_MS = 1000;
}
