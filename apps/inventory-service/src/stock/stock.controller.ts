import { Controller, Get, Param } from '@nestjs/common';
import { MongoIdPipe } from '@app/common';
import { StockService } from './stock.service';

@Controller('inventory')
export class StockController {
  constructor(private readonly stock: StockService) {}

  @Get(':productId')
  get(@Param('productId', MongoIdPipe) productId: string) {
    return this.stock.get(productId);
  }
}
