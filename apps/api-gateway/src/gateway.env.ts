import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';
import { BaseEnv } from '@app/common';

const url = { require_tld: false, protocols: ['http', 'https'] };
const toInt = ({ value }: { value: unknown }) => (value === undefined ? undefined : Number(value));

export class GatewayEnv extends BaseEnv {
  /** Where the gateway finds each service; defaults to the local ports in services.json. */
  @IsOptional() @IsUrl(url) USER_SERVICE_URL?: string;
  @IsOptional() @IsUrl(url) PRODUCT_SERVICE_URL?: string;
  @IsOptional() @IsUrl(url) ORDER_SERVICE_URL?: string;
  @IsOptional() @IsUrl(url) PAYMENT_SERVICE_URL?: string;
  @IsOptional() @IsUrl(url) INVENTORY_SERVICE_URL?: string;
  @IsOptional() @IsUrl(url) NOTIFICATION_SERVICE_URL?: string;

  /** Requests per client per window; the seed's 100 per 15 minutes by default. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_MAX = 100;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  RATE_LIMIT_WINDOW_MS = 15 * 60 * 1000;

  /** Redis key prefix of the rate-limit buckets: gateways sharing it share the limits. */
  @IsString()
  RATE_LIMIT_KEY_PREFIX = 'ratelimit';

  /** Comma-separated allowed origins, or `*`; unset disables CORS. */
  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;

  /** How long a service may take to answer before the gateway gives up with 504. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(120_000)
  UPSTREAM_TIMEOUT_MS = 10_000;
}
