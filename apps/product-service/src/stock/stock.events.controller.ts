import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { EventConsumer, TOPICS } from '@app/events';
import { ProductStockService } from './product-stock.service';

@Controller()
export class StockEventsController {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly stock: ProductStockService,
  ) {}

  @EventPattern(TOPICS.INVENTORY_STOCK_CHANGED)
  stockChanged(@Payload() value: unknown, @Ctx() context: unknown) {
    return this.consumer.consume(TOPICS.INVENTORY_STOCK_CHANGED, value, context, (event) => this.stock.record(event));
  }
}
