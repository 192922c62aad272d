import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Patch,
  Post,
  Query,
  Req,
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
  ApiResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { JwtAuthGuard, Role, Roles, RolesGuard } from '@app/auth';
import { IdParam } from '@app/common';
import { CatalogHttpCache } from '../cache/catalog-http-cache.service';
import { CreateProductDto } from './dto/create-product.dto';
import { ListProductsQueryDto } from './dto/list-products.query.dto';
import { ProductDto } from './dto/product.dto';
import { UpdateProductDto } from './dto/update-product.dto';
import { ProductReader } from './product-reader.service';
import { ProductsService } from './products.service';

const CACHED_READ = {
  'X-Cache': {
    description: 'HIT when answered from the cache, else MISS',
    schema: { type: 'string', enum: ['HIT', 'MISS'] },
  },
  ETag: {
    description: 'Changes with every write that changes this answer; send it back in If-None-Match for a 304',
    schema: { type: 'string' },
  },
  'Cache-Control': {
    description: '`public, no-cache`: keep it, but revalidate every time',
    schema: { type: 'string' },
  },
};

@ApiTags('products')
@ApiServiceUnavailableResponse({
  description: 'The catalog database is unreachable and the answer is not cached',
})
@Controller('products')
export class ProductsController {
  constructor(
    private readonly products: ProductsService,
    private readonly reader: ProductReader,
    private readonly http: CatalogHttpCache,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List, search, filter, sort and page the catalog' })
  @ApiOkResponse({
    type: ProductDto,
    isArray: true,
    headers: {
      'X-Total-Count': { description: 'Products matching the filters, all pages', schema: { type: 'integer' } },
      ...CACHED_READ,
    },
  })
  @ApiResponse({ status: 304, description: 'Not modified: If-None-Match names the current ETag' })
  @ApiBadRequestResponse({ description: 'Unknown parameter, bad value, or minPrice > maxPrice' })
  list(
    @Query() query: ListProductsQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | undefined> {
    return this.http.respond(request, reply, async () => {
      const page = await this.reader.list(query);
      return { value: page.value.items, hit: page.hit, headers: { 'x-total-count': String(page.value.total) } };
    });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One product' })
  @ApiOkResponse({ type: ProductDto, headers: CACHED_READ })
  @ApiResponse({ status: 304, description: 'Not modified: If-None-Match names the current ETag' })
  @ApiBadRequestResponse({ description: 'Malformed id (not 24 hex digits)' })
  @ApiNotFoundResponse({ description: 'No such product, or deleted (PRODUCT_NOT_FOUND)' })
  findOne(
    @IdParam('id') id: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | undefined> {
    return this.http.respond(request, reply, () => this.reader.findOne(id));
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
