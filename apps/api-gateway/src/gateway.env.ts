import { IsOptional, IsUrl } from 'class-validator';
import { BaseEnv } from '@app/common';

const url = { require_tld: false, protocols: ['http', 'https'] };

/** Where the gateway finds each service; defaults to the local ports in services.json. */
export class GatewayEnv extends BaseEnv {
  @IsOptional() @IsUrl(url) USER_SERVICE_URL?: string;
  @IsOptional() @IsUrl(url) PRODUCT_SERVICE_URL?: string;
  @IsOptional() @IsUrl(url) ORDER_SERVICE_URL?: string;
  @IsOptional() @IsUrl(url) PAYMENT_SERVICE_URL?: string;
  @IsOptional() @IsUrl(url) INVENTORY_SERVICE_URL?: string;
  @IsOptional() @IsUrl(url) NOTIFICATION_SERVICE_URL?: string;
}
