import { IsOptional, IsUrl } from 'class-validator';
import { BaseEnv } from '@app/common';

export class OrderEnv extends BaseEnv {
  /** Asked for a product's price when the local price list has not heard of it yet. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  PRODUCT_SERVICE_URL?: string;
}
