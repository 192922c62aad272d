import { Body, Controller, Get, Headers, Param, Post, UseGuards } from '@nestjs/common';
import { JwtAuthGuard, Role, Roles, RolesGuard } from '@app/auth';
import { MongoIdPipe } from '@app/common';
import { CORRELATION_ID_HEADER } from '@app/events';
import { CreateProductDto } from './dto/create-product.dto';
import { ProductsService } from './products.service';

@Controller('products')
export class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @Post()
  @UseGuards(JwtAuthGuard, RolesGuard)
  @Roles(Role.Admin)
  create(@Body() dto: CreateProductDto, @Headers(CORRELATION_ID_HEADER) correlationId?: string) {
    return this.products.create(dto, correlationId);
  }

  @Get(':id')
  findOne(@Param('id', MongoIdPipe) id: string) {
    return this.products.findOne(id);
  }
}
