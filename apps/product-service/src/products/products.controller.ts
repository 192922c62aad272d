import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { JwtAuthGuard, Role, Roles, RolesGuard } from '@app/auth';
import { Cached } from '@app/caching';
import { IdParam } from '@app/common';
import { CreateProductDto } from './dto/create-product.dto';
import { ListProductsQueryDto } from './dto/list-products.query.dto';
import { ProductDto } from './dto/product.dto';
import { UpdateProductDto } from './dto/update-product.dto';
import { ProductReader } from './product-reader.service';
import { ProductsService } from './products.service';

const X_CACHE = {
  'X-Cache': {
    description: 'HIT when answered from the cache, else MISS',
    schema: { type: 'string', enum: ['HIT', 'MISS'] },
  },
};

function cacheHeader(reply: FastifyReply, result: Cached<unknown>): void {
  reply.header('x-cache', result.hit ? 'HIT' : 'MISS');
}

@ApiTags('products')
@ApiServiceUnavailableResponse({
  description: 'The catalog database is unreachable and the answer is not cached',
})
@Controller('products')
export class ProductsController {
  constructor(
    private readonly products: ProductsService,
    private readonly reader: ProductReader,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List, search, filter, sort and page the catalog' })
  @ApiOkResponse({
    type: ProductDto,
    isArray: true,
    headers: {
      'X-Total-Count': { description: 'Products matching the filters, all pages', schema: { type: 'integer' } },
      ...X_CACHE,
    },
  })
  @ApiBadRequestResponse({ description: 'Unknown parameter, bad value, or minPrice > maxPrice' })
  async list(
    @Query() query: ListProductsQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProductDto[]> {
    const page = await this.reader.list(query);
    cacheHeader(reply, page);
    reply.header('x-total-count', String(page.value.total));
    return page.value.items;
  }

  @Get(':id')
  @ApiOperation({ summary: 'One product' })
  @ApiOkResponse({ type: ProductDto, headers: X_CACHE })
  @ApiBadRequestResponse({ description: 'Malformed id (not 24 hex digits)' })
  @ApiNotFoundResponse({ description: 'No such product, or deleted (PRODUCT_NOT_FOUND)' })
  async findOne(@IdParam('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<ProductDto> {
    const product = await this.reader.findOne(id);
    cacheHeader(reply, product);
    return product.value;
  }

  @Post()
  @UseGuards(JwtAuthGuard, RolesGuard)
  @Roles(Role.Admin)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Add a product (admin); publishes product-created' })
  @ApiCreatedResponse({ type: ProductDto })
  @ApiBadRequestResponse({ description: 'Invalid body or unknown fields' })
  @ApiUnauthorizedResponse({ description: 'Missing, invalid or expired token' })
  create(@Body() dto: CreateProductDto): Promise<ProductDto> {
    return this.products.create(dto);
  }

  @Patch(':id')
  @UseGuards(JwtAuthGuard, RolesGuard)
  @Roles(Role.Admin)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change catalog fields (admin); publishes product-updated' })
  @ApiOkResponse({ type: ProductDto })
  @ApiBadRequestResponse({ description: 'Invalid body, unknown fields (stock included), or no field at all' })
  @ApiUnauthorizedResponse({ description: 'Missing, invalid or expired token' })
  @ApiNotFoundResponse({ description: 'No such product (PRODUCT_NOT_FOUND)' })
  @ApiConflictResponse({
    description: 'Changed by another admin at the same moment (PRODUCT_CONFLICT); read and retry',
  })
  update(@IdParam('id') id: string, @Body() dto: UpdateProductDto): Promise<ProductDto> {
    return this.products.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @UseGuards(JwtAuthGuard, RolesGuard)
  @Roles(Role.Admin)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Remove a product from the catalog (admin); publishes product-deleted' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiUnauthorizedResponse({ description: 'Missing, invalid or expired token' })
  @ApiNotFoundResponse({ description: 'No such product (PRODUCT_NOT_FOUND)' })
  @ApiConflictResponse({ description: 'Changed by another admin at the same moment (PRODUCT_CONFLICT)' })
  remove(@IdParam('id') id: string): Promise<void> {
    return this.products.remove(id);
  }
}
