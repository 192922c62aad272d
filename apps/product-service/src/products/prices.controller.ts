import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ProductPriceDto } from './dto/product-price.dto';
import { MAX_PRICE_IDS, ProductPricesQueryDto } from './dto/product-prices.query.dto';
import { ProductReader } from './product-reader.service';

/**
 * Prices for order-service: the products an order names that its own price list has not heard of yet,
 * in one call. Not on the gateway (its first segment is no public route family).
 */
@ApiTags('products')
@Controller('prices')
export class PricesController {
  constructor(private readonly reader: ProductReader) {}

  @Get()
  @ApiOperation({ summary: 'Current name and price of each product named (service to service)' })
  @ApiOkResponse({
    type: ProductPriceDto,
    isArray: true,
    description: 'One entry per product that exists; unknown and deleted ones are left out',
  })
  @ApiBadRequestResponse({ description: `No ids, more than ${MAX_PRICE_IDS}, or one that is not 24 hex digits` })
  @ApiServiceUnavailableResponse({ description: 'The catalog database is unreachable and a product is not cached' })
  async list(@Query() query: ProductPricesQueryDto): Promise<ProductPriceDto[]> {
    const products = await this.reader.findMany(query.idList());
    return products.map(({ _id, name, price }) => ({ productId: _id, name, price }));
  }
}
