import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

/** Ids one GET /prices answers at most: an order's lines (order-service's PlaceOrderDto) fit one call. */
export const MAX_PRICE_IDS = 100;
const ID = '[0-9a-fA-F]{24}';
const IDS = new RegExp(`^${ID}(,${ID}){0,${MAX_PRICE_IDS - 1}}$`);

/** Query of GET /prices; any other parameter is refused (400). */
export class ProductPricesQueryDto {
  @ApiProperty({
    example: '665f1c2ab5d2a9c1e4f0a123,665f1c2ab5d2a9c1e4f0a124',
    description: `1 to ${MAX_PRICE_IDS} product ids (24 hex digits), separated by commas`,
  })
  @Matches(IDS, { message: `ids must be 1 to ${MAX_PRICE_IDS} ids of 24 hex digits, separated by commas` })
  ids: string;

  /** The ids asked for, lower-cased (as ids are cached) and each once. */
  idList(): string[] {
    return [...new Set(this.ids.toLowerCase().split(','))];
  }
}
