import { Controller } from '@nestjs/common';
import { InventoryStockChangedEvent, OnEvent, TOPICS } from '@app/events';
import { ProductStockService } from './product-stock.service';

/** Keeps the stock figure a product shows in step with inventory's ledger. */
@Controller()
export class StockEventsController {
  constructor(private readonly stock: ProductStockService) {}

  @OnEvent(TOPICS.INVENTORY_STOCK_CHANGED)
  stockChanged(event: InventoryStockChangedEvent) {
    return this.stock.record(event);
  }
}
