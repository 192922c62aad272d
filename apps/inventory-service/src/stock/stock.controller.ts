import { Body, Controller, Get, Param, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { JwtAuthGuard, Role, Roles, RolesGuard } from '@app/auth';
import { IdParam } from '@app/common';
import { SetStockDto } from './dto/set-stock.dto';
import { StockService } from './stock.service';

@ApiTags('inventory')
@Controller('inventory')
export class StockController {
  constructor(private readonly stock: StockService) {}

  @Get(':productId')
  @ApiOperation({ summary: "A product's stock, as inventory keeps it" })
  @ApiOkResponse({ description: '{productId, stock}' })
  @ApiNotFoundResponse({ description: 'No stock record for this product (INVENTORY_NO_STOCK_RECORD)' })
  get(@IdParam('productId') productId: string) {
    return this.stock.get(productId);
  }

  @Put(':productId')
  @UseGuards(JwtAuthGuard, RolesGuard)
  @Roles(Role.Admin)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Set the stock to a counted figure (admin); publishes inventory-stock-changed' })
  @ApiOkResponse({ description: '{productId, stock}' })
  set(@IdParam('productId') productId: string, @Body() body: SetStockDto) {
    return this.stock.set(productId, body.stock);
  }
}
